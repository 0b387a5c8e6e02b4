namespace Realtime.Edge.Api.Contracts;

/// <summary>The answer of <c>GET /api/channels</c>, in channel name order.</summary>
/// <param name="Channels">Channels with at least one subscriber.</param>
/// <param name="FailedEdges">Edges that did not answer in time; their subscribers are not counted.</param>
internal sealed record ChannelsResult(ChannelCount[] Channels, string[] FailedEdges);
