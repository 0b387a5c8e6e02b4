namespace Realtime.Grains;

/// <summary>Where a channel stands: its epoch and its last offset (0 before the first publication).</summary>
[GenerateSerializer, Immutable, Alias("realtime.position")]
public sealed record ChannelPosition([property: Id(0)] string Epoch, [property: Id(1)] long Offset);
