namespace Realtime.Grains;

/// <summary>A channel and how many of one edge's connections are subscribed to it.</summary>
[GenerateSerializer, Immutable, Alias("realtime.channel-subscriber-count")]
public sealed record ChannelSubscribers(
    [property: Id(0)] string Channel,
    [property: Id(1)] int Subscribers);
