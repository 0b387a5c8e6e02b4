using System.Diagnostics;
using System.Globalization;

namespace Realtime.Bench.LoadGen;

/// <summary>Opens connections at a ramp rate with a bounded number of handshakes in flight.</summary>
public sealed class Connector(LoadGenOptions options, HttpMessageInvoker invoker)
{
    private const int MaxInFlight = 200;
    private const string SessionChars = "abcdefghijklmnopqrstuvwxyz0123456789";
    private int failures;

    /// <summary>Connections that failed to open so far.</summary>
    public int Failures => Volatile.Read(ref failures);

    /// <summary>The first failure's message, if any.</summary>
    public string? FirstError { get; private set; }

    /// <summary>The WebSocket URL of one new connection (a fresh SockJS server and session id each time).</summary>
    public Uri NextUri()
    {
        var b = new UriBuilder(options.Url) { Scheme = options.Url.Scheme == "https" ? "wss" : "ws" };
        if (options.Framing == Framing.SockJs)
        {
            var session = string.Create(8, 0, static (span, _) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = SessionChars[Random.Shared.Next(SessionChars.Length)];
                }
            });
            var server = Random.Shared.Next(1000).ToString("000", CultureInfo.InvariantCulture);
            b.Path = $"{b.Path.TrimEnd('/')}/{server}/{session}/websocket";
        }

        return b.Uri;
    }

    /// <summary>Opens <paramref name="count"/> connections; <paramref name="opened"/> runs as each one opens.</summary>
    public async Task<List<WireConnection>> OpenAsync(int count, Action<WireConnection>? opened, CancellationToken cancel)
    {
        var result = new List<WireConnection>(count);
        using var gate = new SemaphoreSlim(MaxInFlight);
        var tasks = new List<Task>(count);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count && !cancel.IsCancellationRequested; i++)
        {
            var due = TimeSpan.FromSeconds(i / options.RampPerSecond) - Stopwatch.GetElapsedTime(start);
            if (due > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(due, cancel);
            }

            await gate.WaitAsync(cancel);
            tasks.Add(OpenOneAsync(result, gate, opened, cancel));
        }

        await Task.WhenAll(tasks);
        return result;
    }

    private async Task OpenOneAsync(List<WireConnection> result, SemaphoreSlim gate, Action<WireConnection>? opened, CancellationToken cancel)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(options.ConnectTimeout);
            var connection = await WireConnection.OpenAsync(NextUri(), options.Framing, invoker, timeout.Token);
            lock (result)
            {
                result.Add(connection);
            }

            opened?.Invoke(connection);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            if (Interlocked.Increment(ref failures) == 1)
            {
                FirstError = ex.GetBaseException().Message;
            }
        }
        finally
        {
            gate.Release();
        }
    }
}
