using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Realtime.TestKit;

/// <summary>
/// A test client of the realtime protocol over the SockJS WebSocket transport: requests with ids,
/// replies matched by id, pushes collected in arrival order. Every wait has a deadline.
/// </summary>
public sealed class RealtimeClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly ConcurrentQueue<JsonObject> _pushes = new();
    private readonly TaskCompletionSource<(int Code, string Reason)> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private long _nextId;
    private Task? _receiveLoop;

    /// <summary>Pushes received so far, in order.</summary>
    public IReadOnlyCollection<JsonObject> Pushes => _pushes;

    /// <summary>Completes with the SockJS close frame's code and reason.</summary>
    public Task<(int Code, string Reason)> Closed => _closed.Task;

    /// <summary>Opens a session on <paramref name="serviceUrl"/> (e.g. http://127.0.0.1:P/realtime) and waits for the open frame.</summary>
    public static async Task<RealtimeClient> OpenAsync(string serviceUrl, TimeSpan? timeout = null)
    {
        var client = new RealtimeClient();
        var ws = serviceUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/000/" + Guid.NewGuid().ToString("N")[..8] + "/websocket";
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        await client._socket.ConnectAsync(new Uri(ws), cts.Token);
        var open = await client.ReceiveFrameAsync(cts.Token);
        if (open != "o")
        {
            throw new InvalidOperationException($"Expected the open frame, got: {open}");
        }

        client._receiveLoop = Task.Run(client.ReceiveLoopAsync);
        return client;
    }

    /// <summary>Opens a session and sends <c>connect</c>.</summary>
    public static async Task<RealtimeClient> ConnectAsync(string serviceUrl)
    {
        var client = await OpenAsync(serviceUrl);
        var reply = await client.RequestAsync("connect");
        if (reply["ok"] is null)
        {
            throw new InvalidOperationException("connect failed: " + reply.ToJsonString());
        }

        client.ClientId = (string?)reply["ok"]!["client"];
        return client;
    }

    /// <summary>The client id <c>connect</c> gave, when the session was opened by <see cref="ConnectAsync"/>.</summary>
    public string? ClientId { get; private set; }

    /// <summary>Sends a request and waits for its reply (ok or error).</summary>
    public async Task<JsonObject> RequestAsync(string op, Action<JsonObject>? fields = null, TimeSpan? timeout = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var request = new JsonObject { ["id"] = id, ["op"] = op };
        fields?.Invoke(request);
        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        if (_closed.Task.IsCompleted)
        {
            FailPending();
        }

        await SendRawAsync(request.ToJsonString());
        return await Eventually.WithinAsync(reply.Task, $"the reply to {op} #{id}", timeout ?? TimeSpan.FromSeconds(15));
    }

    /// <summary>Sends one protocol message as is (for malformed-input tests).</summary>
    public Task SendRawAsync(string message)
    {
        var frame = JsonSerializer.Serialize(new[] { message });
        return _socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, CancellationToken.None);
    }

    /// <summary>Waits until <paramref name="condition"/> holds over the pushes received so far.</summary>
    public Task WaitForPushesAsync(Func<IReadOnlyCollection<JsonObject>, bool> condition, string what, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(() => condition(_pushes), what, timeout ?? TimeSpan.FromSeconds(15));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Abort();
        if (_receiveLoop is not null)
        {
            await _receiveLoop;
        }

        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var frame = await ReceiveFrameAsync(_stop.Token);
                if (frame is null)
                {
                    break;
                }

                if (frame.StartsWith('a'))
                {
                    foreach (var message in JsonSerializer.Deserialize<string[]>(frame[1..])!)
                    {
                        Dispatch(JsonNode.Parse(message)!.AsObject());
                    }
                }
                else if (frame.StartsWith('c'))
                {
                    var close = JsonNode.Parse(frame[1..])!.AsArray();
                    _closed.TrySetResult(((int)close[0]!, (string)close[1]!));
                    FailPending();
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection ended.
        }

        _closed.TrySetResult((1006, "connection ended"));
        FailPending();
    }

    /// <summary>A closed session answers nothing more: its waiting requests fail now rather than at their deadline.</summary>
    private void FailPending()
    {
        var (code, reason) = _closed.Task.Result;
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var reply))
            {
                reply.TrySetException(new InvalidOperationException($"the session closed ({code}, {reason}) before the reply to request #{id}"));
            }
        }
    }

    private void Dispatch(JsonObject message)
    {
        if (message["id"] is JsonValue id && _pending.TryRemove((long)id, out var reply))
        {
            reply.TrySetResult(message);
        }
        else if (message["push"] is not null || message["error"] is not null)
        {
            _pushes.Enqueue(message);
        }
    }

    private async Task<string?> ReceiveFrameAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        using var text = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            text.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(text.ToArray());
            }
        }
    }
}
