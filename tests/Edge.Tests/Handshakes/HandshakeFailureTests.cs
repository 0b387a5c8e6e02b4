using Realtime.Edge.Tests.Protocol;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Handshakes;

/// <summary>A WebSocket handshake the server cannot accept gets a prompt 400 with a reason: never a 500, never a hang.</summary>
[Collection(SockJsCollection.Name)]
public sealed class HandshakeFailureTests(SockJsServerFixture server)
{
    public static TheoryData<string, string[]> BadHandshakes => new()
    {
        { "no Upgrade at all", [] },
        { "Connection rewritten to close", ["Upgrade: WebSocket", "Connection: close"] },
        { "Upgrade to something else", ["Upgrade: h2c", "Connection: Upgrade", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw=="] },
        { "RFC 6455 without a key", ["Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13"] },
        { "unknown version", ["Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 99", "Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw=="] },
        { "hixie-76 without key2", ["Upgrade: WebSocket", "Connection: Upgrade", "Origin: http://a", "Sec-WebSocket-Key1: 4 @1  46546xW%0l 1 5"] },
        { "hixie-76 key without spaces", ["Upgrade: WebSocket", "Connection: Upgrade", "Origin: http://a", "Sec-WebSocket-Key1: 4146546015", "Sec-WebSocket-Key2: 12998 5 Y3 1  .P00"] },
    };

    [Theory]
    [MemberData(nameof(BadHandshakes))]
    public async Task BadHandshake_Is400WithAReason(string why, string[] headerLines)
    {
        var headers = headerLines.Select(h => h.Split(": ", 2)).Select(p => (p[0], p[1]));
        var url = SockJsServerFixture.NewSession(server.EchoUrl) + "/websocket";
        await using var c = await RawHttpConnection.ConnectAsync(url);
        await c.WriteRequestAsync("GET", RawUrl.Parse(url).Target, headers);
        if (headerLines.Any(h => h.StartsWith("Sec-WebSocket-Key1", StringComparison.Ordinal)))
        {
            await c.SendAsync(RawHixieWebSocket.ExampleKey3);
        }

        var head = await c.ReadHeadAsync($"the answer to a bad handshake ({why})");
        var r = await c.ReadBodyAsync(head, $"the reason for refusing a bad handshake ({why})");

        Assert.True(r.StatusCode == 400, $"A bad handshake ({why}) must get 400:\n{r.Describe()}");
        Assert.True(r.Body.Length > 0, $"A refused handshake ({why}) should say why:\n{r.Describe()}");
    }
}
