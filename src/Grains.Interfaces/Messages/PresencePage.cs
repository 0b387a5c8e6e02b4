namespace Realtime.Grains;

/// <summary>Part of a channel's members, in client id order.</summary>
/// <param name="Members">This page.</param>
/// <param name="Users">Distinct non-empty users among all members.</param>
/// <param name="Total">All members.</param>
/// <param name="Next">The cursor of the next page (the last client id of this one), or null when this is the last.</param>
[GenerateSerializer, Immutable, Alias("realtime.presence-page")]
public sealed record PresencePage(
    [property: Id(0)] PresenceMember[] Members,
    [property: Id(1)] int Users,
    [property: Id(2)] int Total,
    [property: Id(3)] string? Next);
