using System.Collections.Concurrent;

namespace Realtime.LoadTest.Measuring;

/// <summary>What a run counts, updated from many receive loops at once.</summary>
internal sealed class Counters
{
    public long Connected;
    public long ConnectFailures;
    public long Sent;
    public long Delivered;

    /// <summary>Publications received, warm-up included (the progress line's deliveries/s).</summary>
    public long Received;
    public long Lost;
    public long Duplicated;
    public long Errors;

    /// <summary>Sessions open right now (connected minus dropped plus reconnected).</summary>
    public long Up;

    /// <summary>Established sessions that ended without the tool closing them.</summary>
    public long Dropped;

    /// <summary>Sessions re-established after a drop.</summary>
    public long Reconnects;

    /// <summary>Reconnect attempts that failed (each is retried with backoff).</summary>
    public long ReconnectFailures;

    /// <summary>Resumes answered with <c>recovered: true</c>, and with false.</summary>
    public long Recovered;
    public long NotRecovered;

    /// <summary>Token refreshes answered (after <c>refresh-required</c>).</summary>
    public long Refreshes;

    /// <summary>Latency of the measured window.</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Latency since the last progress line, warm-up included.</summary>
    public LatencyHistogram Live { get; } = new();

    /// <summary>Connected sessions by transport.</summary>
    public ConcurrentDictionary<string, long> ByTransport { get; } = new(StringComparer.Ordinal);
}
