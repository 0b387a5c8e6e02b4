namespace Realtime.Edge.Api.Contracts;

/// <summary>How many connections (disconnect) or subscriptions (unsubscribe) were ended, on every edge.</summary>
internal sealed record UserActionResult(int Connections);
