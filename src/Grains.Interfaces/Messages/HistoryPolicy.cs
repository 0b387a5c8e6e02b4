namespace Realtime.Grains;

/// <summary>
/// How much history a channel's namespace keeps: the last <paramref name="Size"/> publications, each for
/// at most <paramref name="Ttl"/> (zero: no age limit), and whether it is <paramref name="Durable"/>. It
/// travels with every call that shows or moves the channel's position (attach, publish, range, history),
/// so silos need no namespace configuration of their own.
/// </summary>
/// <param name="Size">Publications kept as history.</param>
/// <param name="Ttl">Most age of a publication in history; zero for no limit.</param>
/// <param name="Durable">
/// The channel keeps its epoch, last offset and history window in the silos' grain storage, so they
/// survive the loss of its activation; a publication is acknowledged once it is written.
/// </param>
[GenerateSerializer, Immutable, Alias("realtime.history-policy")]
public sealed record HistoryPolicy([property: Id(0)] int Size, [property: Id(1)] TimeSpan Ttl, [property: Id(2)] bool Durable = false)
{
    /// <summary>No history beyond what the channel keeps for gap fill.</summary>
    public static readonly HistoryPolicy None = new(0, TimeSpan.Zero);
}
