using Realtime.LoadTest.Measuring;
using Realtime.LoadTest.Wire;

namespace Realtime.LoadTest.Scenarios;

/// <summary>A receiving connection: counts deliveries, latency, and holes or repeats in its sequence.</summary>
internal sealed class Subscriber(LoadConnection connection, Counters counters, bool realtime)
{
    private long _last = -1;
    private TaskCompletionSource? _subscribed;

    public LoadConnection Connection => connection;

    /// <summary>Measuring is on only inside the measured window; before it, messages are just read.</summary>
    public static volatile bool Measuring;

    public Task StartAsync(CancellationToken cancellationToken) => connection.ReceiveLoopAsync(OnMessage, cancellationToken);

    /// <summary>Realtime mode: connect and subscribe, then wait for the subscribe reply.</summary>
    public async Task SubscribeAsync(string channel, CancellationToken cancellationToken)
    {
        _subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await connection.SendAsync("{\"id\":1,\"op\":\"connect\"}", cancellationToken);
        await connection.SendAsync($"{{\"id\":2,\"op\":\"subscribe\",\"channel\":\"{channel}\"}}", cancellationToken);
        await _subscribed.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
    }

    private void OnMessage(string message)
    {
        long seq, timestamp;
        if (realtime)
        {
            if (!MessageFormat.TryReadPush(message, out seq, out timestamp))
            {
                if (message.StartsWith("{\"id\":2,\"ok\"", StringComparison.Ordinal))
                {
                    _subscribed?.TrySetResult();
                }
                else if (message.Contains("\"error\"", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref counters.Errors);
                }

                return;
            }
        }
        else if (!MessageFormat.TryReadBroadcast(message, out seq, out timestamp))
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
        if (Measuring)
        {
            Interlocked.Increment(ref counters.Delivered);
            counters.Latency.Record(MessageFormat.MicrosSince(timestamp));
        }
    }
}
