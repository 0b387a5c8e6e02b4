namespace Realtime.Bench.LoadGen;

/// <summary>Counters every echo client adds to.</summary>
public sealed class EchoStats
{
    /// <summary>Round trips in µs while <see cref="Recording"/>.</summary>
    public LatencyHistogram Histogram { get; } = new();

    /// <summary>Round trips completed while <see cref="Recording"/>.</summary>
    public long Echoes;

    /// <summary>Connections that closed or failed before the end.</summary>
    public long Failed;

    /// <summary>True while the measurement window is open.</summary>
    public volatile bool Recording;

    /// <summary>Set at the end: each client finishes its current round trip and stops.</summary>
    public volatile bool Stopping;
}
