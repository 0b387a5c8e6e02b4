namespace Realtime.Browser.Tests;

/// <summary>sockjs-client in Chromium choosing its own transport (no whitelist).</summary>
[Collection(RealClientsCollection.Name)]
public sealed class BrowserTransportSelectionTests(RealClientsFixture host)
{
    [Fact]
    public async Task DefaultTransports_SelectWebSocketAndEcho()
    {
        var sessions = await BrowserClient.RunAsync(
            host.Pages,
            SessionSpec.Create($"{host.Edge.Url}/echo", transport: null, TestMessages.Echo));

        SessionAssert.Echoed(sessions[0], TestMessages.Echo, "websocket");
    }

    [Fact]
    public async Task DisabledWebSocketService_FallsBackToHttpTransportAndEchoes()
    {
        var sessions = await BrowserClient.RunAsync(
            host.Pages,
            SessionSpec.Create($"{host.Edge.Url}/disabled_websocket_echo", transport: null, TestMessages.Echo));

        SessionAssert.EchoedWithoutWebSocket(sessions[0], TestMessages.Echo);
    }

    [Fact]
    public async Task ProxyRefusingWebSocketUpgrade_FallsBackToHttpTransportAndEchoes()
    {
        await using var proxy = WebSocketRefusingProxy.Start(host.Edge.Port);

        var sessions = await BrowserClient.RunAsync(
            host.Pages,
            SessionSpec.Create($"{proxy.Url}/echo", transport: null, TestMessages.Echo));

        SessionAssert.EchoedWithoutWebSocket(sessions[0], TestMessages.Echo);
        Assert.True(proxy.RefusedUpgrades >= 1, $"the browser never tried a WebSocket through the proxy ({proxy.ForwardedRequests} requests forwarded)");
    }
}
