using System.Diagnostics;
using System.Text;
using Realtime.LoadTest.Measuring;
using Realtime.LoadTest.Tokens;
using Realtime.LoadTest.Wire;

namespace Realtime.LoadTest.Scenarios;

/// <summary>
/// The realtime mode's publisher: one websocket session publishing at <c>--publish-rate</c> on a fixed schedule,
/// round-robin over the channels, each publication carrying a sequence number and this process's send timestamp.
/// Replies are read only for errors. When its session drops it reconnects (with backoff) and catches up on the schedule.
/// </summary>
internal sealed class Publisher(LoadOptions options, Counters counters, Wires wires, TokenSigner? tokens)
{
    private static int _firstError;
    private static int _firstFailure;
    private TaskCompletionSource? _connected;
    private IRealtimeWire? _wire;
    private long _refreshId = 1L << 40;

    public async Task RunAsync(Func<int, string> channel, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        long seq = 0;
        for (var attempt = 0; !cancellationToken.IsCancellationRequested; attempt++)
        {
            try
            {
                if (attempt > 0)
                {
                    await Task.Delay(Backoff.Delay(attempt - 1), cancellationToken);
                }

                await using var wire = await ConnectAsync(cancellationToken);
                attempt = 0;
                while (!wire.Closed.IsCompleted)
                {
                    var due = (long)(clock.Elapsed.TotalSeconds * options.PublishRate);
                    while (seq < due && !wire.Closed.IsCompleted)
                    {
                        await wire.SendAsync(MessageFormat.Publish(seq + 2, channel((int)((seq + 1) % options.Channels)), seq + 1, options.Payload), cancellationToken);
                        seq++;
                        Interlocked.Increment(ref counters.Sent);
                    }

                    await Task.Delay(1, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Dropped or refused: reconnect and carry on from the same sequence number.
                Interlocked.Increment(ref counters.ReconnectFailures);
                if (Interlocked.Exchange(ref _firstFailure, 1) == 0)
                {
                    Console.Error.WriteLine($"publisher: {ex.GetType().Name}: {ex.Message}; reconnecting");
                }
            }
        }
    }

    private async Task<IRealtimeWire> ConnectAsync(CancellationToken cancellationToken)
    {
        _connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var wire = await wires.OpenAsync(options.PublishUrl ?? options.Urls[0], "websocket", OnMessage, cancellationToken);
        _wire = wire;
        try
        {
            await wire.SendAsync(MessageFormat.Connect(tokens?.ForUser("load-publisher")), cancellationToken);
            await _connected.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            return wire;
        }
        catch
        {
            await wire.DisposeAsync();
            throw;
        }
    }

    private void OnMessage(ReadOnlySpan<byte> message)
    {
        if (message.StartsWith("{\"id\":1,\"ok\""u8))
        {
            _connected?.TrySetResult();
        }
        else if (message.StartsWith("{\"id\":1,\"error\""u8))
        {
            _connected?.TrySetException(new InvalidOperationException("publisher connect failed: " + Encoding.UTF8.GetString(message)));
        }
        else if (message.StartsWith("{\"push\":\"refresh-required\""u8) && tokens is not null && _wire is { } wire)
        {
            _ = wire.SendAsync(MessageFormat.Refresh(Interlocked.Increment(ref _refreshId), tokens.ForUser("load-publisher")), CancellationToken.None).AsTask();
        }
        else if (message.IndexOf("\"error\""u8) >= 0)
        {
            Interlocked.Increment(ref counters.Errors);
            if (Interlocked.Exchange(ref _firstError, 1) == 0)
            {
                Console.Error.WriteLine("first publisher error: " + Encoding.UTF8.GetString(message));
            }
        }
    }
}
