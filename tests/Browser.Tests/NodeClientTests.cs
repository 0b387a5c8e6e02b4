namespace Realtime.Browser.Tests;

/// <summary>sockjs-client 1.6.1 in Node (no DOM: only these four transports exist there).</summary>
[Collection(RealClientsCollection.Name)]
public sealed class NodeClientTests(RealClientsFixture host)
{
    /// <summary>The transports sockjs-client offers in Node.</summary>
    public static TheoryData<string> Transports { get; } = new("websocket", "xhr-streaming", "eventsource", "xhr-polling");

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task NodeClient_EchoesUnicodeAndLargeMessage(string transport)
    {
        var session = await NodeClient.RunAsync(SessionSpec.Create($"{host.Edge.Url}/echo", transport, TestMessages.Echo));

        SessionAssert.Echoed(session, TestMessages.Echo, transport);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task NodeClient_ReportsServerCloseCodeAndReason(string transport)
    {
        var session = await NodeClient.RunAsync(SessionSpec.Create($"{host.Edge.Url}/close", transport, []));

        SessionAssert.ClosedByServer(session, transport, 3000, "Go away!");
    }
}
