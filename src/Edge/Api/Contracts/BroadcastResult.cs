namespace Realtime.Edge.Api.Contracts;

/// <summary>The answer of <c>POST /api/broadcast</c>: one result per requested channel, in request order.</summary>
internal sealed record BroadcastResult(BroadcastItem[] Results);
