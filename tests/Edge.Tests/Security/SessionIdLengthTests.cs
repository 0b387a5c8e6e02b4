using System.Net;
using Realtime.Edge.Tests.Protocol;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Security;

/// <summary>
/// Session ids shorter than <c>SockJs:MinSessionIdLength</c> (8, sockjs-client's length, outside
/// Development) are refused with 404 on every transport; the protocol test services accept any.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class SessionIdLengthTests(SecurityFixture fixture)
{
    private static readonly IPAddress Client = IPAddress.Parse("127.0.0.17");

    [Theory]
    [InlineData("a")]
    [InlineData("1234567")]
    public async Task ShortSessionId_Is404_OnHttpAndWebSocket(string id)
    {
        foreach (var service in new[] { fixture.Demo, fixture.Realtime })
        {
            SockJsAssert.NotFound(await RawHttp.SendFromAsync(Client, "POST", $"{service}/000/{id}/xhr"));
            SockJsAssert.NotFound(await RawHttp.SendFromAsync(Client, "GET", $"{service}/000/{id}/jsonp?c=cb"));
            SockJsAssert.NotFound(await RawHttp.SendFromAsync(Client, "GET", $"{service}/000/{id}/websocket", RawWebSocket.HandshakeHeaders()));
        }
    }

    [Fact]
    public async Task SessionIdOfEight_IsServed()
    {
        var id = Guid.NewGuid().ToString("N")[..8];

        SockJsAssert.Body(await RawHttp.SendFromAsync(Client, "POST", $"{fixture.Demo}/000/{id}/xhr"), "o\n");
        await using var ws = await RawWebSocket.ConnectAsync($"{fixture.Demo}/000/{Guid.NewGuid().ToString("N")[..8]}/websocket", localAddress: Client);
        Assert.Equal("o", await ws.ReceiveTextAsync("open frame with an 8-character session id"));
    }

    [Fact]
    public async Task ProtocolTestService_AcceptsAnyLength()
    {
        SockJsAssert.Body(await RawHttp.SendFromAsync(Client, "POST", $"{fixture.Edge.Url}/echo/000/{Guid.NewGuid().ToString("N")[..1]}/xhr"), "o\n");
    }
}
