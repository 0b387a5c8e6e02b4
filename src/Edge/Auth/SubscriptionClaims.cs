namespace Realtime.Edge.Auth;

/// <summary>What a valid subscription token (for a private channel) grants.</summary>
/// <param name="Expires">The token's <c>exp</c>.</param>
/// <param name="Info">The <c>info</c> claim as raw JSON, or null: overrides the connection's info in this channel's presence.</param>
/// <param name="Ops">Subscribe, plus whatever its <c>caps</c> (an array of op names) add on this channel.</param>
internal sealed record SubscriptionClaims(DateTimeOffset Expires, string? Info, ChannelOps Ops);
