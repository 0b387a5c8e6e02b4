using System.Net.WebSockets;
using System.Text;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.BadInput;

/// <summary>
/// A client that stops reading fills its bounded send queue and is closed with 3003; the client beside
/// it on the same broadcast gets every message, without waiting for the stalled one.
/// </summary>
public sealed class SlowConsumerTests
{
    private const int Messages = 3000;
    private const int Size = 8 * 1024;

    [Fact]
    public async Task StalledReader_IsClosedWith3003_WhileTheOtherSessionGetsEverything()
    {
        await using var edge = await EdgeServer.StartAsync(new Dictionary<string, string?> { ["SockJs:MaxQueuedBytes"] = "262144" });
        using var stalled = await OpenAsync(edge);
        using var reader = await OpenAsync(edge);

        // The stalled client reads nothing from here on: its socket buffers fill, then its queue.
        var received = 0;
        var reading = Task.Run(async () =>
        {
            while (received < Messages)
            {
                var frame = await ReceiveFrameAsync(reader, TimeSpan.FromSeconds(30));
                if (frame.StartsWith('a'))
                {
                    Interlocked.Add(ref received, CountMessages(frame));
                }
                else if (frame != "h")
                {
                    throw new InvalidOperationException($"the reading client got {frame} after {received} messages");
                }
            }
        });
        var payload = Encoding.UTF8.GetBytes("[\"" + new string('x', Size) + "\"]");
        for (var i = 0; i < Messages; i++)
        {
            // A healthy reader: at most 16 messages (128 KiB) in flight, so only the stalled client falls behind.
            var sent = i;
            await Eventually.TrueAsync(() => Volatile.Read(ref received) >= sent - 16 || reading.IsCompleted, $"the reader to catch up with message {sent}");
            await reader.SendAsync(payload, WebSocketMessageType.Text, true, Deadline(10));
        }

        await reading.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(Messages, received);

        // Draining the stalled client now shows what it was sent before the close frame.
        string frame;
        do
        {
            frame = await ReceiveFrameAsync(stalled, TimeSpan.FromSeconds(10));
        }
        while (frame.StartsWith('a'));
        Assert.Equal("c[3003,\"Slow consumer\"]", frame);
    }

    private static int CountMessages(string frame) => System.Text.Json.JsonSerializer.Deserialize<string[]>(frame[1..])!.Length;

    private static async Task<ClientWebSocket> OpenAsync(EdgeServer edge)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{edge.Port}/broadcast/000/{Guid.NewGuid():N}/websocket"), Deadline(10));
        Assert.Equal("o", await ReceiveFrameAsync(socket, TimeSpan.FromSeconds(10)));
        return socket;
    }

    private static CancellationToken Deadline(int seconds) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    private static async Task<string> ReceiveFrameAsync(ClientWebSocket socket, TimeSpan timeout)
    {
        var buffer = new byte[64 * 1024];
        using var text = new MemoryStream();
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return "websocket close " + result.CloseStatus;
            }

            text.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(text.ToArray());
            }
        }
    }
}
