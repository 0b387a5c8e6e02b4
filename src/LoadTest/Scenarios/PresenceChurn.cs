using System.Diagnostics;
using Realtime.LoadTest.Measuring;
using Realtime.LoadTest.Wire;

namespace Realtime.LoadTest.Scenarios;

/// <summary>
/// <c>--mode presence</c>: every connection subscribes to and unsubscribes from one presence channel in a
/// loop, so each op is a join or a leave. Reports joins plus leaves per second, their round-trip latency and
/// the server's CPU per join or leave. The channel's namespace must have presence on.
/// </summary>
internal sealed class PresenceChurn(LoadOptions options, Counters counters, ServerProcess? server)
{
    public async Task<RunReport> RunAsync(CancellationToken cancellationToken)
    {
        var clients = await Task.WhenAll(Enumerable.Range(0, options.Connections)
            .Select(i => ProtocolClient.ConnectAsync(options.Urls[i % options.Urls.Count], cancellationToken)));
        counters.Connected = clients.Length;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var measuring = false;
        var loops = clients.Select(c => Task.Run(() => ChurnAsync(c, () => measuring, stop.Token), stop.Token)).ToArray();

        await Task.Delay(options.Warmup, cancellationToken);
        var window = Measure.Start(server, counters);
        measuring = true;
        await Task.Delay(options.Duration, cancellationToken);
        var result = window.Stop();
        measuring = false;
        await stop.CancelAsync();
        await Task.WhenAll(loops);
        await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        return RunReport.From(options, counters, result, TimeSpan.Zero);
    }

    private async Task ChurnAsync(ProtocolClient client, Func<bool> measuring, CancellationToken cancellationToken)
    {
        var channel = $"\"channel\":\"{options.ChannelName}\"";
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                foreach (var op in (string[])["subscribe", "unsubscribe"])
                {
                    var started = Stopwatch.GetTimestamp();
                    await client.RequestOkAsync($"\"op\":\"{op}\",{channel}", cancellationToken);
                    if (measuring())
                    {
                        Interlocked.Increment(ref counters.Delivered);
                        counters.Latency.Record((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        catch (InvalidOperationException ex)
        {
            Interlocked.Increment(ref counters.Errors);
            Console.Error.WriteLine(ex.Message);
        }
    }
}
