using System.Text;
using System.Text.Json;
using Realtime.LoadTest.Measuring;
using Realtime.LoadTest.Tokens;
using Realtime.LoadTest.Wire;

namespace Realtime.LoadTest.Scenarios;

/// <summary>
/// A subscriber of the client protocol on one channel: connects (with its own token when signing is on), subscribes,
/// and counts each publication's latency and any hole or repeat in the offsets. When its session drops it reconnects
/// with backoff (trying the next <c>--url</c>) and resumes with <c>since</c> its last offset, so a restart shows up as
/// reconnects and recovered resumes rather than loss; a resume the server could not recover counts the missed offsets
/// as lost.
/// </summary>
internal sealed class RealtimeSubscriber(int index, string channel, LoadOptions options, Counters counters, Wires wires, TokenSigner? tokens) : IAsyncDisposable
{
    private static int _firstError;
    private readonly CancellationTokenSource _stop = new();
    private IRealtimeWire? _wire;
    private TaskCompletionSource? _subscribed;
    private Task? _supervising;
    private string? _epoch;
    private long _last;
    private long _nextId = 1L << 40;
    private int _url;

    public string Transport { get; } = options.TransportOf(index);

    /// <summary>The first connect and subscribe; throws when it fails (the caller counts a connect failure).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await OpenAsync(cancellationToken);
        counters.ByTransport.AddOrUpdate(Transport, 1, static (_, n) => n + 1);
        Interlocked.Increment(ref counters.Up);
        _supervising = SuperviseAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_wire is { } wire)
        {
            await wire.DisposeAsync();
        }

        if (_supervising is { } supervising)
        {
            await supervising;
        }

        _stop.Dispose();
    }

    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        var url = options.Urls[(index + _url) % options.Urls.Count];
        var wire = await wires.OpenAsync(url, Transport, OnMessage, cancellationToken);
        _wire = wire;
        try
        {
            _subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await wire.SendAsync(MessageFormat.Connect(tokens?.For(index)), cancellationToken);
            await wire.SendAsync(MessageFormat.Subscribe(channel, _epoch, _last), cancellationToken);
            await _subscribed.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
        catch
        {
            await wire.DisposeAsync();
            throw;
        }
    }

    private async Task SuperviseAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var wire = _wire!;
            await wire.Closed.ContinueWith(static _ => { }, TaskScheduler.Default);
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            Interlocked.Increment(ref counters.Dropped);
            Interlocked.Decrement(ref counters.Up);
            await wire.DisposeAsync();
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await Task.Delay(Backoff.Delay(attempt), _stop.Token);
                    await OpenAsync(_stop.Token);
                    Interlocked.Increment(ref counters.Reconnects);
                    Interlocked.Increment(ref counters.Up);
                    break;
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    Interlocked.Increment(ref counters.ReconnectFailures);
                    _url++;
                }
            }
        }
    }

    private void OnMessage(ReadOnlySpan<byte> message)
    {
        if (MessageFormat.TryReadPush(message, out var offset, out var timestamp))
        {
            Deliver(offset, timestamp);
        }
        else if (message.StartsWith("{\"id\":2,"u8))
        {
            OnSubscribeReply(message);
        }
        else if (message.StartsWith("{\"id\":1,\"error\""u8))
        {
            _subscribed?.TrySetException(new InvalidOperationException("connect failed: " + Encoding.UTF8.GetString(message)));
        }
        else if (message.StartsWith("{\"push\":\"refresh-required\""u8) && tokens is not null)
        {
            _ = RefreshAsync();
        }
        else if (message.StartsWith("{\"push\":\"unsubscribed\""u8))
        {
            // The server ended the subscription (publications lost on the way to the edge): resume from the last offset.
            Error(message);
            _ = _wire?.SendAsync(MessageFormat.Subscribe(channel, _epoch, _last), _stop.Token).AsTask();
        }
        else if (message.IndexOf("\"error\""u8) >= 0)
        {
            Error(message);
        }
        else if (!message.StartsWith("{\"id\":1,"u8) && message.IndexOf("\"expires\""u8) >= 0)
        {
            Interlocked.Increment(ref counters.Refreshes);
        }
    }

    private void OnSubscribeReply(ReadOnlySpan<byte> message)
    {
        var reader = new Utf8JsonReader(message);
        var root = JsonElement.ParseValue(ref reader);
        if (!root.TryGetProperty("ok", out var ok))
        {
            _subscribed?.TrySetException(new InvalidOperationException("subscribe failed: " + root.GetRawText()));
            return;
        }

        var epoch = ok.GetProperty("epoch").GetString();
        var offset = ok.GetProperty("offset").GetInt64();
        var recovered = ok.TryGetProperty("recovered", out var r) && r.ValueKind == JsonValueKind.True;
        if (_epoch is not null)
        {
            if (recovered)
            {
                Interlocked.Increment(ref counters.Recovered);
                foreach (var publication in ok.GetProperty("publications").EnumerateArray())
                {
                    Deliver(publication.GetProperty("offset").GetInt64(), MessageFormat.TimestampOf(publication.GetProperty("data")));
                }
            }
            else
            {
                Interlocked.Increment(ref counters.NotRecovered);
                if (Subscriber.Measuring && epoch == _epoch && offset > _last)
                {
                    Interlocked.Add(ref counters.Lost, offset - _last);
                }
            }
        }

        _epoch = epoch;
        _last = recovered ? Math.Max(_last, offset) : offset;
        _subscribed?.TrySetResult();
    }

    private void Deliver(long offset, long timestamp)
    {
        if (offset <= _last)
        {
            Interlocked.Increment(ref counters.Duplicated);
            return;
        }

        if (offset > _last + 1 && Subscriber.Measuring)
        {
            Interlocked.Add(ref counters.Lost, offset - _last - 1);
        }

        _last = offset;
        Interlocked.Increment(ref counters.Received);
        var micros = timestamp == 0 ? 0 : MessageFormat.MicrosSince(timestamp);
        counters.Live.Record(micros);
        if (Subscriber.Measuring)
        {
            Interlocked.Increment(ref counters.Delivered);
            counters.Latency.Record(micros);
        }
    }

    private async Task RefreshAsync()
    {
        try
        {
            await _wire!.SendAsync(MessageFormat.Refresh(Interlocked.Increment(ref _nextId), tokens!.For(index)), _stop.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The session is going away; the reconnect signs a new token anyway.
        }
    }

    private void Error(ReadOnlySpan<byte> message)
    {
        Interlocked.Increment(ref counters.Errors);
        if (Interlocked.Exchange(ref _firstError, 1) == 0)
        {
            Console.Error.WriteLine("first error: " + Encoding.UTF8.GetString(message));
        }
    }
}
