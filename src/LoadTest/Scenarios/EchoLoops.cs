using System.Diagnostics;
using Realtime.LoadTest.Measuring;
using Realtime.LoadTest.Wire;

namespace Realtime.LoadTest.Scenarios;

/// <summary>
/// Closed loops: each connection sends one message, waits for its echo, and sends the next. Measures
/// round trips and messages per second; on a shared box this mostly measures the client.
/// </summary>
internal sealed class EchoLoops(LoadOptions options, Counters counters, bool sockJs)
{
    public async Task<RunReport> RunAsync(ServerProcess? server, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var connections = new List<LoadConnection>();
        for (var i = 0; i < options.Connections; i++)
        {
            connections.Add(await LoadConnection.OpenAsync(options.Urls[i % options.Urls.Count], sockJs, cancellationToken));
        }

        var measuring = false;
        var loops = connections.Select(c => LoopAsync(c, () => measuring, stop.Token)).ToList();
        await Task.Delay(options.Warmup, cancellationToken);
        var window = Measure.Start(server, counters);
        measuring = true;
        await Task.Delay(options.Duration, cancellationToken);
        var result = window.Stop();
        await stop.CancelAsync();
        await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
        await Task.WhenAll(loops);
        return RunReport.From(options, counters, result, TimeSpan.Zero);
    }

    private async Task LoopAsync(LoadConnection connection, Func<bool> measuring, CancellationToken cancellationToken)
    {
        var echoed = new SemaphoreSlim(0);
        _ = connection.ReceiveLoopAsync((ReadOnlySpan<byte> _) => echoed.Release(), cancellationToken);
        var payload = new string('x', options.Payload);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var sent = Stopwatch.GetTimestamp();
                await connection.SendAsync(payload, cancellationToken);
                await echoed.WaitAsync(cancellationToken);
                Interlocked.Increment(ref counters.Received);
                counters.Live.Record(Stopwatch.GetElapsedTime(sent).TotalMicroseconds);
                if (measuring())
                {
                    Interlocked.Increment(ref counters.Delivered);
                    counters.Latency.Record(Stopwatch.GetElapsedTime(sent).TotalMicroseconds);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.Net.WebSockets.WebSocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
