namespace Realtime.Grains;

/// <summary>One connection present in a channel.</summary>
/// <param name="ClientId">The connection's client id; members are keyed by it.</param>
/// <param name="User">The token's <c>sub</c>; empty for anonymous connections.</param>
/// <param name="Info">Public user info from the token, as JSON text, or null.</param>
/// <param name="Data">What the client gave in <c>subscribe</c>'s <c>presence</c>, as JSON text, or null.</param>
/// <param name="EdgeId">The edge serving the connection: its members leave with it when its lease runs out.</param>
[GenerateSerializer, Immutable, Alias("realtime.presence-member")]
public sealed record PresenceMember(
    [property: Id(0)] string ClientId,
    [property: Id(1)] string User,
    [property: Id(2)] string? Info,
    [property: Id(3)] string? Data,
    [property: Id(4)] string EdgeId);
