using System.Diagnostics;

namespace Realtime.Bench.LoadGen;

/// <summary>
/// Opens N connections and holds them idle. With <c>--server-pid</c> it measures the server's RSS before
/// (after a warm-up round of connections, so JIT and pools are not charged to sessions) and once RSS has
/// settled with N sessions: KiB per idle session. With <c>--marginal-to M</c> it then opens M − N more and
/// reports the marginal KiB per session between N and M, where one-time growth no longer counts.
/// </summary>
public sealed class IdleScenario(LoadGenOptions options, HttpMessageInvoker invoker)
{
    private readonly List<Task> loops = [];
    private readonly List<WireConnection> connections = [];

    public async Task<RunResult> RunAsync(CancellationToken stop)
    {
        var result = new RunResult();
        using var loopCancel = new CancellationTokenSource();
        var pid = options.ServerPid;
        if (pid is not null)
        {
            await WarmUpAsync(stop);
            result.ServerRssBeforeKiB = ProcStats.RssKiB(pid.Value);
        }

        var connector = new Connector(options, invoker);
        var first = await OpenAsync(connector, options.Connections, loopCancel.Token, stop);
        if (pid is not null)
        {
            var settle = Stopwatch.GetTimestamp();
            var rss = await SettledRssAsync(pid.Value, stop);
            result.SettleSeconds = Math.Round(Stopwatch.GetElapsedTime(settle).TotalSeconds, 1);
            result.ServerRssAfterKiB = rss;
            if (first > 0)
            {
                result.ServerRssKiBPerSession = Math.Round((rss - result.ServerRssBeforeKiB!.Value) / (double)first, 2);
            }

            if (options.MarginalTo > options.Connections)
            {
                var more = await OpenAsync(connector, options.MarginalTo - options.Connections, loopCancel.Token, stop);
                var marginal = await SettledRssAsync(pid.Value, stop);
                result.MarginalConnections = first + more;
                result.ServerRssMarginalKiB = marginal;
                result.ServerRssMarginalKiBPerSession = more > 0 ? Math.Round((marginal - rss) / (double)more, 2) : null;
            }
        }

        result.Connected = connections.Count;
        result.ConnectFailures = connector.Failures;
        result.FirstError = connector.FirstError;
        Console.WriteLine($"READY connected={connections.Count} failed={connector.Failures}");
        if (options.ReadyFile is not null)
        {
            await File.WriteAllTextAsync(options.ReadyFile, $"{connections.Count}\n", stop);
        }

        await Timing.PauseAsync(options.Duration == TimeSpan.Zero ? Timeout.InfiniteTimeSpan : options.Duration, stop);
        lock (loops)
        {
            result.Dropped = loops.Count(l => l.IsCompleted);
        }

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
        return result;
    }

    private async Task<int> OpenAsync(Connector connector, int count, CancellationToken loopCancel, CancellationToken stop)
    {
        var opened = await connector.OpenAsync(count, c => StartLoop(c, loopCancel), stop);
        connections.AddRange(opened);
        return opened.Count;
    }

    private void StartLoop(WireConnection connection, CancellationToken cancel)
    {
        lock (loops)
        {
            loops.Add(Task.Run(() => connection.ReceiveLoopAsync(NullSink.Instance, cancel), CancellationToken.None));
        }
    }

    private async Task WarmUpAsync(CancellationToken stop)
    {
        if (options.WarmConnections <= 0)
        {
            return;
        }

        var warm = await new Connector(options, invoker).OpenAsync(options.WarmConnections, null, stop);
        await Task.WhenAll(warm.Select(c => c.CloseAsync(TimeSpan.FromSeconds(2))));
        warm.ForEach(c => c.Dispose());
        await Timing.PauseAsync(TimeSpan.FromSeconds(3), stop);
    }

    /// <summary>Samples RSS every second until three samples in a row agree within 0.5 % (or the limit).</summary>
    private async Task<long> SettledRssAsync(int pid, CancellationToken stop)
    {
        var samples = new List<long>();
        var start = Stopwatch.GetTimestamp();
        while (!stop.IsCancellationRequested)
        {
            await Timing.PauseAsync(TimeSpan.FromSeconds(1), stop);
            samples.Add(ProcStats.RssKiB(pid));
            var last = samples.TakeLast(3).ToList();
            var settled = samples.Count >= 3 && last.Max() - last.Min() <= last.Max() / 200;
            if (settled || Stopwatch.GetElapsedTime(start) > options.SettleMax)
            {
                break;
            }
        }

        return samples.Count == 0 ? ProcStats.RssKiB(pid) : samples[^1];
    }
}
