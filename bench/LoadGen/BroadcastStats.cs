namespace Realtime.Bench.LoadGen;

/// <summary>Counters every subscriber of a broadcast run adds to.</summary>
public sealed class BroadcastStats
{
    /// <summary>Round trip publisher → server → subscriber, in µs, while <see cref="Recording"/>.</summary>
    public LatencyHistogram Histogram { get; } = new();

    /// <summary>Messages delivered to any subscriber (updated with <see cref="Interlocked"/>).</summary>
    public long Deliveries;

    /// <summary>Messages that were not the generator's own.</summary>
    public long Foreign;

    /// <summary>True while the measurement window is open.</summary>
    public volatile bool Recording;
}
