namespace Realtime.Grains;

/// <summary>A publication before the channel numbers it.</summary>
[GenerateSerializer, Immutable, Alias("realtime.publish-request")]
public sealed record PublishRequest(
    [property: Id(0)] string Data,
    [property: Id(1)] string? FromClient,
    [property: Id(2)] string? FromUser);
