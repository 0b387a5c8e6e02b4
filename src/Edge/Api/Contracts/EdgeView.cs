namespace Realtime.Edge.Api.Contracts;

/// <summary>A live edge and what it serves.</summary>
/// <param name="Id">The edge's id.</param>
/// <param name="Connections">Its connected clients.</param>
/// <param name="Channels">Its channels with at least one subscriber.</param>
internal sealed record EdgeView(string Id, int Connections, int Channels);
