using System.Diagnostics;
using Realtime.LoadTest.Measuring;
using Realtime.LoadTest.Wire;

namespace Realtime.LoadTest.Scenarios;

/// <summary>Opens the connections at the ramp rate, drives the chosen mode, and measures a steady window.</summary>
internal sealed class Runner(LoadOptions options)
{
    private readonly Counters _counters = new();
    private readonly ServerProcess? _server = options.ServerPid is { } pid ? new ServerProcess(pid) : null;
    private readonly bool _sockJs = options.Framing == "sockjs";

    public async Task<RunReport> RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var baselineRss = _server?.RssKiB() ?? 0;
        switch (options.Mode)
        {
            case "idle":
                return await IdleAsync(baselineRss, stop.Token);
            case "presence":
                return await new PresenceChurn(options, _counters, _server).RunAsync(stop.Token);
            case "recovery":
                return await new Recovery(options, _counters, _server).RunAsync(stop.Token);
        }

        var subscribers = await OpenSubscribersAsync(0, options.Connections, stop.Token);
        using var progress = options.Quiet ? null : StartProgress(stop.Token);
        var report = options.Mode switch
        {
            "echo" => await EchoAsync(subscribers, stop.Token),
            _ => await PublishAsync(stop.Token),
        };
        await stop.CancelAsync();
        await Task.WhenAll(subscribers.Select(s => s.Connection.DisposeAsync().AsTask()));
        return report;
    }

    private async Task<List<Subscriber>> OpenSubscribersAsync(int from, int to, CancellationToken cancellationToken)
    {
        var subscribers = new List<Subscriber>(to - from);
        var clock = Stopwatch.StartNew();
        var opening = new List<Task>();
        for (var i = from; i < to; i++)
        {
            // Ramp: connection i may start at i / rate seconds.
            var due = TimeSpan.FromSeconds((i - from) / options.RampPerSecond);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed, cancellationToken);
            }

            var index = i;
            opening.Add(OpenOneAsync(index, subscribers, cancellationToken));
            if (opening.Count >= 200)
            {
                await Task.WhenAll(opening);
                opening.Clear();
            }
        }

        await Task.WhenAll(opening);
        return subscribers;
    }

    private async Task OpenOneAsync(int index, List<Subscriber> subscribers, CancellationToken cancellationToken)
    {
        try
        {
            var url = options.Urls[index % options.Urls.Count];
            var connection = await LoadConnection.OpenAsync(url, _sockJs, cancellationToken);
            var realtime = options.Mode == "realtime" || url.EndsWith("/realtime", StringComparison.Ordinal);
            var subscriber = new Subscriber(connection, _counters, realtime);
            _ = subscriber.StartAsync(cancellationToken);
            if (realtime)
            {
                await subscriber.SubscribeAsync(Channel(index), cancellationToken);
            }

            lock (subscribers)
            {
                subscribers.Add(subscriber);
            }

            Interlocked.Increment(ref _counters.Connected);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (Interlocked.Increment(ref _counters.ConnectFailures) == 1)
            {
                Console.Error.WriteLine($"first connect failure: {ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    private string Channel(int index) => "load:c" + (index % options.Channels);

    private async Task<RunReport> PublishAsync(CancellationToken cancellationToken)
    {
        var publisher = await LoadConnection.OpenAsync(options.PublishUrl ?? options.Urls[0], _sockJs, cancellationToken);
        await using var publisherGuard = publisher;
        var realtime = options.Mode == "realtime";
        if (realtime)
        {
            await publisher.SendAsync("{\"id\":1,\"op\":\"connect\"}", cancellationToken);
        }

        // The publisher's own replies are read and dropped.
        _ = publisher.ReceiveLoopAsync(static _ => { }, cancellationToken);
        var publishing = Task.Run(() => PublishLoopAsync(publisher, realtime, cancellationToken), cancellationToken);
        await Task.Delay(options.Warmup, cancellationToken);

        var window = Measure.Start(_server, _counters);
        Subscriber.Measuring = true;
        await Task.Delay(options.Duration, cancellationToken);
        var result = window.Stop();
        Subscriber.Measuring = false;
        return RunReport.From(options, _counters, result);
    }

    private async Task PublishLoopAsync(LoadConnection publisher, bool realtime, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        long seq = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var due = (long)(clock.Elapsed.TotalSeconds * options.PublishRate);
                while (seq < due)
                {
                    seq++;
                    var message = realtime
                        ? MessageFormat.Publish(seq + 1, Channel((int)(seq % options.Channels)), seq, options.Payload)
                        : MessageFormat.Broadcast(seq, options.Payload);
                    await publisher.SendAsync(message, cancellationToken);
                    Interlocked.Increment(ref _counters.Sent);
                }

                await Task.Delay(1, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    /// <summary>
    /// RSS per idle session as the marginal cost between a quarter and all of the sessions: one-time
    /// costs (pools growing, JIT, garbage of the connect burst) cancel out, for every server alike.
    /// </summary>
    private async Task<RunReport> IdleAsync(long baselineRss, CancellationToken cancellationToken)
    {
        var quarter = options.Connections / 4;
        var first = await OpenSubscribersAsync(0, quarter, cancellationToken);
        await Task.Delay(options.Warmup, cancellationToken);
        var rssQuarter = _server?.RssKiB() ?? 0;
        var rest = await OpenSubscribersAsync(quarter, options.Connections, cancellationToken);
        await Task.Delay(options.Warmup, cancellationToken);
        var rss = _server?.RssKiB() ?? 0;
        var added = rest.Count;
        var report = RunReport.From(options, _counters, new WindowResult(TimeSpan.Zero, TimeSpan.Zero, 0, 0, rss)) with
        {
            ServerRssKiB = rss,
            ServerBaselineRssKiB = baselineRss,
            RssPerSessionBytes = added == 0 ? 0 : (rss - rssQuarter) * 1024.0 / added,
            RssPerSessionFromZeroBytes = first.Count + rest.Count == 0 ? 0 : (rss - baselineRss) * 1024.0 / (first.Count + rest.Count),
        };
        await Task.WhenAll(first.Concat(rest).Select(s => s.Connection.DisposeAsync().AsTask()));
        return report;
    }

    private async Task<RunReport> EchoAsync(List<Subscriber> subscribers, CancellationToken cancellationToken)
    {
        await subscribers.First().Connection.DisposeAsync();
        var echo = new EchoLoops(options, _counters, _sockJs);
        return await echo.RunAsync(_server, cancellationToken);
    }

    private IDisposable StartProgress(CancellationToken cancellationToken) =>
        new Timer(_ =>
        {
            var c = _counters;
            Console.Error.WriteLine($"connected {Interlocked.Read(ref c.Connected)}/{options.Connections}  failures {Interlocked.Read(ref c.ConnectFailures)}  sent {Interlocked.Read(ref c.Sent)}  delivered {Interlocked.Read(ref c.Delivered)}  p50 {c.Latency.PercentileMs(0.5):0.00} ms  p99 {c.Latency.PercentileMs(0.99):0.00} ms  errors {Interlocked.Read(ref c.Errors)}");
        }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
}
