using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests;

/// <summary>
/// A SockJS WebSocket session that keeps every frame the server sends, raw and in order, for tests
/// about framing itself (which frame comes last, what exactly it says).
/// </summary>
public sealed class SockJsFrameClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentQueue<string> _frames = new();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _receiving;

    /// <summary>Frames received so far (<c>o</c>, <c>h</c>, <c>a[...]</c>, <c>c[...]</c>), in order.</summary>
    public IReadOnlyList<string> Frames => [.. _frames];

    /// <summary>Completes when the server ends the WebSocket (or it breaks).</summary>
    public Task Ended => _ended.Task;

    public static async Task<SockJsFrameClient> OpenAsync(string serviceUrl)
    {
        var client = new SockJsFrameClient();
        var url = serviceUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/000/" + Guid.NewGuid().ToString("N")[..8] + "/websocket";
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client._socket.ConnectAsync(new Uri(url), deadline.Token);
        client._receiving = Task.Run(client.ReceiveAsync);
        await Eventually.TrueAsync(() => client._frames.Count > 0, "the open frame");
        return client;
    }

    /// <summary>Sends protocol messages in one SockJS frame.</summary>
    public Task SendAsync(params string[] messages) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(messages)), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The protocol messages of every <c>a</c> frame so far, in order.</summary>
    public IReadOnlyList<string> Messages =>
        [.. Frames.Where(f => f.StartsWith('a')).SelectMany(f => JsonSerializer.Deserialize<string[]>(f[1..])!)];

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        if (_receiving is not null)
        {
            await _receiving;
        }

        _socket.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[16 * 1024];
        using var frame = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                frame.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    _frames.Enqueue(Encoding.UTF8.GetString(frame.ToArray()));
                    frame.SetLength(0);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Aborted or broken: the frames so far are what the server sent.
        }

        _ended.TrySetResult();
    }
}
