namespace Realtime.Grains;

/// <summary>What a session grain holds.</summary>
[GenerateSerializer, Immutable, Alias("realtime.session-snapshot")]
public sealed record SessionSnapshot(
    [property: Id(0)] SessionInfo? Info,
    [property: Id(1)] string[] Channels);
