namespace Realtime.LoadTest.Measuring;

/// <summary>What a run counts, updated from many receive loops at once.</summary>
internal sealed class Counters
{
    public long Connected;
    public long ConnectFailures;
    public long Sent;
    public long Delivered;
    public long Lost;
    public long Duplicated;
    public long Errors;

    public LatencyHistogram Latency { get; } = new();
}
