using Realtime.LoadTest.Measuring;
using Realtime.LoadTest.Wire;

namespace Realtime.LoadTest.Scenarios;

/// <summary>A receiving connection of a broadcast service: counts deliveries, latency, and holes or repeats in its sequence.</summary>
internal sealed class Subscriber(LoadConnection connection, Counters counters)
{
    private long _last = -1;

    /// <summary>Measuring is on only inside the measured window; before it, messages are just read.</summary>
    public static volatile bool Measuring;

    public Task StartAsync(CancellationToken cancellationToken) => connection.ReceiveLoopAsync(OnMessage, cancellationToken);

    private void OnMessage(string message)
    {
        if (!MessageFormat.TryReadBroadcast(message, out var seq, out var timestamp))
        {
            return;
        }

        if (_last >= 0 && seq <= _last)
        {
            Interlocked.Increment(ref counters.Duplicated);
            return;
        }

        if (_last >= 0 && seq > _last + 1 && Measuring)
        {
            Interlocked.Add(ref counters.Lost, seq - _last - 1);
        }

        _last = seq;
        var micros = MessageFormat.MicrosSince(timestamp);
        Interlocked.Increment(ref counters.Received);
        counters.Live.Record(micros);
        if (Measuring)
        {
            Interlocked.Increment(ref counters.Delivered);
            counters.Latency.Record(micros);
        }
    }
}
