namespace Realtime.Grains;

/// <summary>Identity of a connection as its edge reports it.</summary>
[GenerateSerializer, Immutable, Alias("realtime.session-info")]
public sealed record SessionInfo(
    [property: Id(0)] string ClientId,
    [property: Id(1)] string User,
    [property: Id(2)] string EdgeId,
    [property: Id(3)] string Transport);
