using System.Collections.Concurrent;
using System.Text.Json;

namespace Realtime.LoadTest.Wire;

/// <summary>
/// Request and reply over one connection of the client protocol, for scenarios that measure ops rather
/// than pushes: each request gets the next id and its reply completes the task <see cref="RequestOkAsync"/> returned.
/// </summary>
internal sealed class ProtocolClient : IAsyncDisposable
{
    private readonly LoadConnection _connection;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;
    private long _nextId;

    private ProtocolClient(LoadConnection connection)
    {
        _connection = connection;
        _receiving = connection.ReceiveLoopAsync(OnMessage, _stop.Token);
    }

    /// <summary>Opens a SockJS websocket session and sends <c>connect</c>.</summary>
    public static async Task<ProtocolClient> ConnectAsync(string url, CancellationToken cancellationToken)
    {
        var client = new ProtocolClient(await LoadConnection.OpenAsync(url, sockJs: true, cancellationToken));
        await client.RequestOkAsync("\"op\":\"connect\"", cancellationToken);
        return client;
    }

    /// <summary>Sends <c>{"id":N,<paramref name="fields"/>}</c> and returns the reply's <c>ok</c>; an error reply throws.</summary>
    public async Task<JsonElement> RequestOkAsync(string fields, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        await _connection.SendAsync($"{{\"id\":{id},{fields}}}", cancellationToken);
        var root = await reply.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return root.TryGetProperty("ok", out var ok) ? ok : throw new InvalidOperationException("request failed: " + root.GetRawText());
    }

    public async ValueTask DisposeAsync()
    {
        // The receive loop stops before the socket is disposed under it.
        await _stop.CancelAsync();
        await _receiving;
        await _connection.DisposeAsync();
        _stop.Dispose();
    }

    private void OnMessage(string message)
    {
        using var document = JsonDocument.Parse(message);
        if (document.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number && _pending.TryRemove(id.GetInt64(), out var reply))
        {
            reply.TrySetResult(document.RootElement.Clone());
        }
    }
}
