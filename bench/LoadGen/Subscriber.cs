namespace Realtime.Bench.LoadGen;

/// <summary>
/// One broadcast receiver: counts deliveries, records latency while the window is open, and tracks
/// sequence numbers (a jump is counted lost, a repeat or step back duplicated).
/// </summary>
public sealed class Subscriber(BroadcastStats stats) : IPayloadSink
{
    private long next;
    private long lost;
    private long duplicated;

    /// <summary>The next sequence number this subscriber expects.</summary>
    public long Next => Volatile.Read(ref next);

    /// <summary>Sequence numbers skipped so far.</summary>
    public long Lost => Volatile.Read(ref lost);

    /// <summary>Sequence numbers seen again or out of order.</summary>
    public long Duplicated => Volatile.Read(ref duplicated);

    /// <inheritdoc />
    public void OnPayload(ReadOnlySpan<byte> payload)
    {
        if (!Payload.TryRead(payload, out var sequence, out var timestamp))
        {
            Interlocked.Increment(ref stats.Foreign);
            return;
        }

        Interlocked.Increment(ref stats.Deliveries);
        if (stats.Recording)
        {
            stats.Histogram.Record(Timing.MicrosSince(timestamp));
        }

        if (sequence == next)
        {
            Volatile.Write(ref next, sequence + 1);
        }
        else if (sequence > next)
        {
            Volatile.Write(ref lost, lost + (sequence - next));
            Volatile.Write(ref next, sequence + 1);
        }
        else
        {
            Volatile.Write(ref duplicated, duplicated + 1);
        }
    }
}
