namespace Realtime.Edge.Api.Contracts;

/// <summary>The answer of <c>GET /api/info</c>.</summary>
/// <param name="Silos">Active silos.</param>
/// <param name="Edges">Live edges that answered.</param>
/// <param name="Connections">Connected clients on those edges.</param>
/// <param name="Channels">Distinct channels with subscribers on those edges.</param>
/// <param name="FailedEdges">Registered edges that did not answer in time.</param>
internal sealed record InfoResult(SiloView[] Silos, EdgeView[] Edges, int Connections, int Channels, string[] FailedEdges);
