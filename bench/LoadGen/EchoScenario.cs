namespace Realtime.Bench.LoadGen;

/// <summary>N connections, each in a closed send → echo loop: throughput and round trip under saturation.</summary>
public sealed class EchoScenario(LoadGenOptions options, HttpMessageInvoker invoker)
{
    public async Task<RunResult> RunAsync(CancellationToken stop)
    {
        var result = new RunResult { PayloadBytes = options.PayloadBytes };
        var connector = new Connector(options, invoker);
        var connections = await connector.OpenAsync(options.Connections, null, stop);
        result.Connected = connections.Count;
        result.ConnectFailures = connector.Failures;
        result.FirstError = connector.FirstError;
        if (connections.Count == 0)
        {
            return result;
        }

        var stats = new EchoStats();
        using var loopCancel = new CancellationTokenSource();
        var loops = connections
            .Select(c => Task.Run(() => new EchoClient(c, stats, options.PayloadBytes).RunAsync(loopCancel.Token), CancellationToken.None))
            .ToList();
        await Timing.PauseAsync(options.Warmup, stop);

        var window = new MeasureWindow(options);
        stats.Histogram.Reset();
        stats.Recording = true;
        window.Start();
        await Timing.PauseAsync(options.Duration, stop);
        window.Stop(result);
        stats.Recording = false;
        var echoes = Interlocked.Read(ref stats.Echoes);

        stats.Stopping = true;
        try
        {
            await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(3));
        }
        catch (TimeoutException)
        {
            await loopCancel.CancelAsync();
        }

        result.Echoes = echoes;
        result.EchoesPerSecond = Math.Round(echoes / window.Seconds, 1);
        result.Dropped = (int)Interlocked.Read(ref stats.Failed);
        result.UnknownFrames = connections.Sum(c => c.UnknownFrames);
        result.ServerCpuMicrosPerEcho = window.MicrosPer(echoes).Total;

        Timing.Fill(stats.Histogram, result);
        await Task.WhenAll(connections.Select(c => c.CloseAsync(TimeSpan.FromSeconds(2))));
        connections.ForEach(c => c.Dispose());
        return result;
    }
}
