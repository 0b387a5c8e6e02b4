using System.Net.WebSockets;
using System.Text;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Handshakes;

/// <summary>
/// The connection-level WebSocket fast path and the HTTP upgrade path must behave alike: the same
/// sessions, frames and close codes, whichever of them accepted the socket.
/// </summary>
public sealed class FastPathTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task FramedWebSocket_EchoesAndCloses_WithAndWithoutFastPath(bool fastPath)
    {
        await using var server = await EdgeServer.StartAsync(new Dictionary<string, string?> { ["Edge:WebSocketFastPath"] = fastPath ? "true" : "false" });
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{server.Port}/echo/000/{Guid.NewGuid():N}/websocket"), Deadline());
        Assert.Equal("o", await ReceiveTextAsync(socket));
        await socket.SendAsync(Encoding.UTF8.GetBytes("[\"héllo\\u2028\"]"), WebSocketMessageType.Text, true, Deadline());
        Assert.Equal("a[\"héllo\\u2028\"]", await ReceiveTextAsync(socket));

        using var closing = new ClientWebSocket();
        await closing.ConnectAsync(new Uri($"ws://127.0.0.1:{server.Port}/close/000/{Guid.NewGuid():N}/websocket"), Deadline());
        Assert.Equal("o", await ReceiveTextAsync(closing));
        Assert.Equal("c[3000,\"Go away!\"]", await ReceiveTextAsync(closing));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RawWebSocket_ClosesWithTheApplicationsCode_WithAndWithoutFastPath(bool fastPath)
    {
        await using var server = await EdgeServer.StartAsync(new Dictionary<string, string?> { ["Edge:WebSocketFastPath"] = fastPath ? "true" : "false" });
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{server.Port}/close/websocket"), Deadline());
        var buffer = new byte[256];
        var result = await socket.ReceiveAsync(buffer, Deadline());
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(3000, (int)result.CloseStatus!.Value);
        Assert.Equal("Go away!", result.CloseStatusDescription);
    }

    [Fact]
    public async Task FastPath_LeavesOtherRequestsOnTheSameServerToHttp()
    {
        await using var server = await EdgeServer.StartAsync();
        using var http = new HttpClient();
        Assert.Equal("Welcome to SockJS!\n", await http.GetStringAsync(server.Url + "/echo", Deadline()));

        // A percent-encoded session id is not the fast path's business; the HTTP stack accepts it.
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{server.Port}/echo/000/a%20b/websocket"), Deadline());
        Assert.Equal("o", await ReceiveTextAsync(socket));
    }

    private static CancellationToken Deadline() => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket)
    {
        var buffer = new byte[4096];
        using var text = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, Deadline());
            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            text.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(text.ToArray());
            }
        }
    }
}
