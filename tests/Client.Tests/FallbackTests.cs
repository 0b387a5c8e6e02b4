using System.Text;
using Realtime.Client.SockJs;
using Realtime.TestKit;

namespace Realtime.Client.Tests;

/// <summary>Transport choice as sockjs-client makes it: websocket unless /info or the network says no, then xhr_streaming, then xhr.</summary>
[Collection(ClientClusterCollection.Name)]
public sealed class FallbackTests(ClientClusterFixture cluster)
{
    [Fact]
    public async Task WebSocketDisabledOnTheEdge_SockJsFallsBackToXhrStreaming_WithoutTryingWebSocket()
    {
        // The edge's /disabled_websocket_echo service runs with SockJs:WebSocketEnabled false (websocket:false in /info).
        var echoed = new List<string>();
        await using var connection = await SockJsConnection.OpenAsync(
            new Uri(cluster.A.Url + "/disabled_websocket_echo"),
            m => { lock (echoed) { echoed.Add(Encoding.UTF8.GetString(m)); } });
        Assert.Equal(SockJsTransports.XhrStreaming, connection.Transport);

        await connection.SendAsync("hello \"world\" \u00e9");
        await Eventually.TrueAsync(() => { lock (echoed) { return echoed.Count == 1; } }, "the echo over xhr_streaming");
        Assert.Equal("hello \"world\" \u00e9", echoed[0]);
    }

    [Fact]
    public async Task WebSocketDisabled_AndXhrStreamingNotAllowed_UsesXhrPolling()
    {
        var echoed = 0;
        await using var connection = await SockJsConnection.OpenAsync(
            new Uri(cluster.A.Url + "/disabled_websocket_echo"),
            _ => Interlocked.Increment(ref echoed),
            new SockJsConnectionOptions { Transports = SockJsTransports.WebSocket | SockJsTransports.XhrPolling });
        Assert.Equal(SockJsTransports.XhrPolling, connection.Transport);
        await connection.SendAsync("x");
        await Eventually.TrueAsync(() => Volatile.Read(ref echoed) == 1, "the echo over xhr polling");
    }

    [Fact]
    public async Task WebSocketRefusedByAProxy_RealtimeClientFallsBackToXhrStreaming_AndWorks()
    {
        await using var proxy = WebSocketRefusingProxy.Start(cluster.B.Port);
        var channel = ClientClusterFixture.NewChannel("resume");
        var received = new Received();
        await using var client = new RealtimeClient(ClientClusterFixture.Options(new Uri(proxy.Url + "/realtime")));
        await client.ConnectAsync();

        Assert.Equal(SockJsTransports.XhrStreaming, client.Transport);
        Assert.Equal(1, proxy.RefusedUpgrades);
        await client.SubscribeAsync(channel, new SubscribeOptions { OnPublication = received.Add });
        await client.PublishAsync(channel, "through the proxy");
        await received.WaitForAsync(1, "over xhr_streaming behind the proxy");
        Assert.Equal("through the proxy", received.Items[0].Data.GetString());
    }

    [Fact]
    public async Task OnlyWebSocketAllowed_ButRefused_FailsNamingWhatEachTransportSaid()
    {
        await using var proxy = WebSocketRefusingProxy.Start(cluster.B.Port);
        await using var client = new RealtimeClient(ClientClusterFixture.Options(new Uri(proxy.Url + "/realtime"), SockJsTransports.WebSocket));

        var error = await Assert.ThrowsAsync<SockJsException>(() => client.ConnectAsync());
        Assert.Contains("No transport could open a session", error.Message, StringComparison.Ordinal);
        Assert.Contains("websocket:", error.Message, StringComparison.Ordinal);
        Assert.Equal(RealtimeClientState.Disconnected, client.State);
    }

    [Fact]
    public async Task NoServer_FailsAtInfo_WithTheUrlInTheMessage()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}/realtime";
        await using var client = new RealtimeClient(ClientClusterFixture.Options(new Uri(url)));
        var error = await Assert.ThrowsAsync<SockJsException>(() => client.ConnectAsync());
        Assert.Contains(url + "/info", error.Message, StringComparison.Ordinal);
    }
}
