using System.Diagnostics;
using Realtime.LoadTest.Measuring;
using Realtime.LoadTest.Tokens;
using Realtime.LoadTest.Wire;

namespace Realtime.LoadTest.Scenarios;

/// <summary>Opens the connections at the ramp rate, drives the chosen mode, and measures a steady window.</summary>
internal sealed class Runner(LoadOptions options)
{
    private readonly Counters _counters = new();
    private readonly ServerProcess? _server = options.ServerPid is { } pid ? new ServerProcess(pid) : null;
    private readonly bool _sockJs = options.Framing == "sockjs";
    private readonly TokenSigner? _tokens = options.TokenSecret is { } secret
        ? new TokenSigner(secret, options.TokenAudience, options.TokenIssuer, options.TokenCaps, options.TokenTtl)
        : null;

    private TimeSpan _connectTime;

    /// <summary>The run's live counts (tests watch them to act in the middle of a run).</summary>
    public Counters Counters => _counters;

    public async Task<RunReport> RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var wires = new Wires();
        var baselineRss = _server?.RssKiB() ?? 0;
        switch (options.Mode)
        {
            case "idle":
                return await IdleAsync(wires, baselineRss, stop.Token);
            case "presence":
                return await new PresenceChurn(options, _counters, _server).RunAsync(stop.Token);
            case "recovery":
                return await new Recovery(options, _counters, _server).RunAsync(stop.Token);
        }

        using var progress = options.Quiet ? null : new ProgressLine(options, _counters);
        var subscribers = await OpenSubscribersAsync(wires, 0, options.Connections, stop.Token);
        var report = options.Mode switch
        {
            "echo" => await EchoAsync(subscribers, stop.Token),
            _ => await PublishAsync(wires, stop.Token),
        };
        progress?.Dispose();
        await stop.CancelAsync();
        await Task.WhenAll(subscribers.Select(s => s.DisposeAsync().AsTask()));
        return report;
    }

    private bool Realtime(string url) => options.Mode == "realtime" || url.EndsWith("/realtime", StringComparison.Ordinal);

    private async Task<List<IAsyncDisposable>> OpenSubscribersAsync(Wires wires, int from, int to, CancellationToken cancellationToken)
    {
        var subscribers = new List<IAsyncDisposable>(to - from);
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

            opening.Add(OpenOneAsync(wires, i, subscribers, cancellationToken));
            if (opening.Count >= 200)
            {
                await Task.WhenAll(opening);
                opening.Clear();
            }
        }

        await Task.WhenAll(opening);
        _connectTime += clock.Elapsed;
        return subscribers;
    }

    private async Task OpenOneAsync(Wires wires, int index, List<IAsyncDisposable> subscribers, CancellationToken cancellationToken)
    {
        try
        {
            var url = options.Urls[index % options.Urls.Count];
            IAsyncDisposable subscriber;
            if (Realtime(url))
            {
                var realtime = new RealtimeSubscriber(index, Channel(index), options, _counters, wires, _tokens);
                await realtime.StartAsync(cancellationToken);
                subscriber = realtime;
            }
            else
            {
                var connection = await LoadConnection.OpenAsync(url, _sockJs, cancellationToken);
                var plain = new Subscriber(connection, _counters);
                _ = plain.StartAsync(cancellationToken);
                subscriber = connection;
                _counters.ByTransport.AddOrUpdate(_sockJs ? "websocket" : "raw websocket", 1, static (_, n) => n + 1);
                Interlocked.Increment(ref _counters.Up);
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

    private async Task<RunReport> PublishAsync(Wires wires, CancellationToken cancellationToken)
    {
        using var publishing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task publisherTask;
        LoadConnection? broadcaster = null;
        if (options.Mode == "realtime")
        {
            var publisher = new Publisher(options, _counters, wires, _tokens);
            publisherTask = Task.Run(() => publisher.RunAsync(Channel, publishing.Token), publishing.Token);
        }
        else
        {
            broadcaster = await LoadConnection.OpenAsync(options.PublishUrl ?? options.Urls[0], _sockJs, cancellationToken);
            _ = broadcaster.ReceiveLoopAsync(static (ReadOnlySpan<byte> _) => { }, publishing.Token);
            publisherTask = Task.Run(() => BroadcastLoopAsync(broadcaster, publishing.Token), publishing.Token);
        }

        try
        {
            await Task.Delay(options.Warmup, cancellationToken);
            var window = Measure.Start(_server, _counters);
            Subscriber.Measuring = true;
            await Task.Delay(options.Duration, cancellationToken);
            var result = window.Stop();
            Subscriber.Measuring = false;
            return RunReport.From(options, _counters, result, _connectTime);
        }
        finally
        {
            await publishing.CancelAsync();
            await publisherTask.ContinueWith(static _ => { }, TaskScheduler.Default);
            if (broadcaster is not null)
            {
                await broadcaster.DisposeAsync();
            }
        }
    }

    private async Task BroadcastLoopAsync(LoadConnection publisher, CancellationToken cancellationToken)
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
                    await publisher.SendAsync(MessageFormat.Broadcast(seq, options.Payload), cancellationToken);
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
    private async Task<RunReport> IdleAsync(Wires wires, long baselineRss, CancellationToken cancellationToken)
    {
        var quarter = options.Connections / 4;
        var first = await OpenSubscribersAsync(wires, 0, quarter, cancellationToken);
        await Task.Delay(options.Warmup, cancellationToken);
        var rssQuarter = _server?.RssKiB() ?? 0;
        var rest = await OpenSubscribersAsync(wires, quarter, options.Connections, cancellationToken);
        await Task.Delay(options.Warmup, cancellationToken);
        var rss = _server?.RssKiB() ?? 0;
        var added = rest.Count;
        var report = RunReport.From(options, _counters, new WindowResult(TimeSpan.Zero, TimeSpan.Zero, 0, 0, rss), _connectTime) with
        {
            ServerRssKiB = rss,
            ServerBaselineRssKiB = baselineRss,
            RssPerSessionBytes = added == 0 ? 0 : (rss - rssQuarter) * 1024.0 / added,
            RssPerSessionFromZeroBytes = first.Count + rest.Count == 0 ? 0 : (rss - baselineRss) * 1024.0 / (first.Count + rest.Count),
        };
        await Task.WhenAll(first.Concat(rest).Select(s => s.DisposeAsync().AsTask()));
        return report;
    }

    private async Task<RunReport> EchoAsync(List<IAsyncDisposable> subscribers, CancellationToken cancellationToken)
    {
        if (subscribers.Count > 0)
        {
            await subscribers[0].DisposeAsync();
        }

        var echo = new EchoLoops(options, _counters, _sockJs);
        return await echo.RunAsync(_server, cancellationToken);
    }
}
