namespace Realtime.Grains;

/// <summary>A slice of a channel's recent buffer.</summary>
/// <param name="Epoch">The channel's epoch.</param>
/// <param name="Complete">False when part of the asked range is no longer buffered (or the epoch differs).</param>
/// <param name="Publications">What is still there, in offset order.</param>
[GenerateSerializer, Immutable, Alias("realtime.range")]
public sealed record RangeResult(
    [property: Id(0)] string Epoch,
    [property: Id(1)] bool Complete,
    [property: Id(2)] ChannelPublication[] Publications);
