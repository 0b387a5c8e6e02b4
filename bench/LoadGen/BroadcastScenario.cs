using System.Diagnostics;

namespace Realtime.Bench.LoadGen;

/// <summary>
/// N subscribers, the first of which also publishes at a fixed rate; the server sends every message to
/// every connection, so each publish should yield N deliveries.
/// </summary>
public sealed class BroadcastScenario(LoadGenOptions options, HttpMessageInvoker invoker)
{
    private readonly BroadcastStats stats = new();
    private readonly List<Subscriber> subscribers = [];
    private readonly List<Task> loops = [];

    public async Task<RunResult> RunAsync(CancellationToken stop)
    {
        var result = new RunResult { PublishRate = options.RatePerSecond, PayloadBytes = options.PayloadBytes };
        using var loopCancel = new CancellationTokenSource();
        var connector = new Connector(options, invoker);
        var connections = await connector.OpenAsync(options.Connections, c => StartLoop(c, loopCancel.Token), stop);
        result.Connected = connections.Count;
        result.ConnectFailures = connector.Failures;
        result.FirstError = connector.FirstError;
        if (connections.Count == 0)
        {
            return result;
        }

        await Timing.PauseAsync(TimeSpan.FromSeconds(1), stop);
        using var publishCancel = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var publisher = PublishAsync(connections[0], publishCancel.Token);
        await Timing.PauseAsync(options.Warmup, stop);

        var window = new MeasureWindow(options);
        stats.Histogram.Reset();
        var deliveriesBefore = Interlocked.Read(ref stats.Deliveries);
        stats.Recording = true;
        window.Start();
        await Timing.PauseAsync(options.Duration, stop);
        window.Stop(result);
        stats.Recording = false;
        var deliveries = Interlocked.Read(ref stats.Deliveries) - deliveriesBefore;

        await publishCancel.CancelAsync();
        var published = await publisher;
        await DrainAsync(published, TimeSpan.FromSeconds(5));

        result.Published = published;
        result.Deliveries = deliveries;
        result.DeliveriesPerSecond = Math.Round(deliveries / window.Seconds, 1);
        result.Lost = subscribers.Sum(s => s.Lost + Math.Max(0, published - s.Next));
        result.Duplicated = subscribers.Sum(s => s.Duplicated);
        result.UnknownFrames = connections.Sum(c => c.UnknownFrames);
        (result.ServerUserMicrosPerDelivery, result.ServerSystemMicrosPerDelivery, result.ServerCpuMicrosPerDelivery) =
            window.MicrosPer(deliveries);

        if (options.ServerPid is { } pid)
        {
            result.ServerRssAfterKiB = ProcStats.RssKiB(pid);
        }

        Timing.Fill(stats.Histogram, result);
        await CloseAllAsync(connections, loopCancel);
        return result;
    }

    private void StartLoop(WireConnection connection, CancellationToken cancel)
    {
        var subscriber = new Subscriber(stats);
        lock (subscribers)
        {
            subscribers.Add(subscriber);
            loops.Add(Task.Run(() => connection.ReceiveLoopAsync(subscriber, cancel), CancellationToken.None));
        }
    }

    private async Task<long> PublishAsync(WireConnection publisher, CancellationToken cancel)
    {
        var payload = new byte[options.PayloadBytes + 64];
        var start = Stopwatch.GetTimestamp();
        long sequence = 0;
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                var due = (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * options.RatePerSecond) + 1;
                while (sequence < due && !cancel.IsCancellationRequested)
                {
                    var length = Payload.Write(payload, sequence, Stopwatch.GetTimestamp(), options.PayloadBytes);
                    // Not cancellable: a cancelled send would abort the publisher, which is also a subscriber.
                    await publisher.SendAsync(payload.AsSpan(0, length), CancellationToken.None);
                    sequence++;
                }

                var wait = TimeSpan.FromSeconds(sequence / options.RatePerSecond) - Stopwatch.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancel);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Window over.
        }

        return sequence;
    }

    private async Task DrainAsync(long published, TimeSpan limit)
    {
        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < limit && subscribers.Any(s => s.Next < published))
        {
            await Task.Delay(50);
        }
    }

    private async Task CloseAllAsync(List<WireConnection> connections, CancellationTokenSource loopCancel)
    {
        await Task.WhenAll(connections.Select(c => c.CloseAsync(TimeSpan.FromSeconds(2))));
        try
        {
            await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(3));
        }
        catch (TimeoutException)
        {
            await loopCancel.CancelAsync();
        }

        connections.ForEach(c => c.Dispose());
    }
}
