namespace Realtime.Grains;

/// <summary>A member joined or left a channel; sent once to each attached edge.</summary>
[GenerateSerializer, Immutable, Alias("realtime.presence-event")]
public sealed record PresenceEvent(
    [property: Id(0)] string Channel,
    [property: Id(1)] bool Joined,
    [property: Id(2)] PresenceMember Member);
