namespace Realtime.Grains;

/// <summary>A channel's answer to a <see cref="HistoryQuery"/>.</summary>
/// <param name="Epoch">The channel's epoch now.</param>
/// <param name="Offset">The channel's last offset now.</param>
/// <param name="Recovered">
/// With a <c>Since</c>: true when every publication after it is still in the window (those up to the
/// limit are returned). False for another epoch, or when some have left the window.
/// </param>
/// <param name="Publications">In offset order.</param>
[GenerateSerializer, Immutable, Alias("realtime.history")]
public sealed record HistoryResult(
    [property: Id(0)] string Epoch,
    [property: Id(1)] long Offset,
    [property: Id(2)] bool Recovered,
    [property: Id(3)] ChannelPublication[] Publications);
