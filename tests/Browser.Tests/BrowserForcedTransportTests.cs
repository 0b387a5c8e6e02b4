namespace Realtime.Browser.Tests;

/// <summary>sockjs-client in Chromium, cross-origin, with one transport forced through <c>transports: [name]</c>.</summary>
[Collection(RealClientsCollection.Name)]
public sealed class BrowserForcedTransportTests(RealClientsFixture host)
{
    /// <summary>Every browser transport of sockjs-client 1.6.1 that Chromium can use.</summary>
    public static TheoryData<string> Transports { get; } = new(
        "websocket",
        "xhr-streaming",
        "xhr-polling",
        "eventsource",
        "iframe-eventsource",
        "iframe-htmlfile",
        "iframe-xhr-polling",
        "jsonp-polling");

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task ForcedTransport_EchoesUnicodeAndLargeMessage(string transport)
    {
        var sessions = await BrowserClient.RunAsync(
            host.Pages,
            SessionSpec.Create($"{host.Edge.Url}/echo", transport, TestMessages.Echo));

        SessionAssert.Echoed(sessions[0], TestMessages.Echo, transport);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task ForcedTransport_FromTheAllowedOrigin_EchoesOnAServiceWithTheProductionPolicy(string transport)
    {
        // /demo keeps the edge's own defaults: the page's origin in Edge:AllowedOrigins, 8-character session ids, bound sessions.
        var sessions = await BrowserClient.RunAsync(
            host.Pages,
            SessionSpec.Create($"{host.Edge.Url}/demo", transport, TestMessages.Echo));

        SessionAssert.Echoed(sessions[0], TestMessages.Echo, transport);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task ForcedTransport_ReportsServerCloseCodeAndReason(string transport)
    {
        var sessions = await BrowserClient.RunAsync(
            host.Pages,
            SessionSpec.Create($"{host.Edge.Url}/close", transport, []));

        SessionAssert.ClosedByServer(sessions[0], transport, 3000, "Go away!");
    }
}
