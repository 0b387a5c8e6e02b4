namespace Realtime.Grains;

/// <summary>A channel's answer to a <see cref="StateWriteRequest"/>.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Epoch">The channel's epoch.</param>
/// <param name="Offset">The change's offset when applied; otherwise the channel's last offset.</param>
/// <param name="Version">The key's version after the write (its offset when applied), or its current version otherwise; 0 when absent.</param>
/// <param name="Replayed">The idempotency key had been seen: this is the first write's result, and nothing was applied now.</param>
[GenerateSerializer, Immutable, Alias("realtime.state-write-result")]
public sealed record StateWriteResult(
    [property: Id(0)] StateWriteStatus Status,
    [property: Id(1)] string Epoch,
    [property: Id(2)] long Offset,
    [property: Id(3)] long Version,
    [property: Id(4)] bool Replayed = false);
