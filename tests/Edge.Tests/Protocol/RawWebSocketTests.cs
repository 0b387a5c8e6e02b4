using Realtime.TestKit;

namespace Realtime.Edge.Tests.Protocol;

/// <summary><c>/websocket</c>: plain RFC 6455 with no SockJS framing in either direction.</summary>
[Collection(SockJsCollection.Name)]
public sealed class RawWebSocketTests(SockJsServerFixture server)
{
    [Fact]
    public async Task RawWebSocket_EchoesTextVerbatim_WithoutFraming()
    {
        await using var ws = await RawWebSocket.ConnectAsync(server.EchoUrl + "/websocket");

        await ws.SendTextAsync("Hello world!\uffff");

        Assert.Equal("Hello world!\uffff", await ws.ReceiveTextAsync("raw echo"));
        await ws.CloseAsync();
    }

    [Fact]
    public async Task RawWebSocket_ServerClose_CarriesCodeAndReasonInTheCloseFrame()
    {
        await using var ws = await RawWebSocket.ConnectAsync(server.CloseUrl + "/websocket");

        var message = await ws.ReceiveAsync("the close frame of /close/websocket");

        Assert.True(message.IsClose, $"Expected a close frame, got {message}");
        Assert.Equal("Go away!", message.CloseReason);
        Assert.Equal(3000, message.CloseCode);
    }
}
