namespace Realtime.Grains;

/// <summary>
/// How much history a channel's namespace keeps: the last <paramref name="Size"/> publications, each for
/// at most <paramref name="Ttl"/> (zero: no age limit). It travels with each publish and history query,
/// so silos need no namespace configuration of their own.
/// </summary>
[GenerateSerializer, Immutable, Alias("realtime.history-policy")]
public sealed record HistoryPolicy([property: Id(0)] int Size, [property: Id(1)] TimeSpan Ttl)
{
    /// <summary>No history beyond what the channel keeps for gap fill.</summary>
    public static readonly HistoryPolicy None = new(0, TimeSpan.Zero);
}
