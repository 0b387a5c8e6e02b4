using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Edge.SockJs;
using Realtime.Edge.Tests.Protocol;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Security;

/// <summary>
/// <c>SockJs:MaxSessionsPerAddress</c>: one client address may hold that many sessions of a service at once,
/// WebSocket (fast path, HTTP handshakes, raw) and HTTP transports together; one more gets 429 before any
/// upgrade or open frame, and a closed session frees its place. Other addresses are not affected.
/// </summary>
public sealed class SessionsPerAddressTests
{
    private static readonly IPAddress Hog = IPAddress.Parse("127.0.0.30");

    [EdgeOnlyFact]
    public async Task OneMoreSessionThanTheLimit_Gets429_UntilOneCloses()
    {
        await using var edge = await EdgeServer.StartAsync(new Dictionary<string, string?> { ["SockJs:MaxSessionsPerAddress"] = "3" });
        var demo = edge.Url + "/demo";
        var first = await RawWebSocket.ConnectAsync(SecurityFixture.NewSession(demo) + "/websocket", localAddress: Hog);
        await using var raw = await RawWebSocket.ConnectAsync(demo + "/websocket", localAddress: Hog);
        var polling = SecurityFixture.NewSession(demo);
        SockJsAssert.Body(await RawHttp.SendFromAsync(Hog, "POST", polling + "/xhr"), "o\n");
        Assert.Equal("o", await first.ReceiveTextAsync("open frame of the first socket"));

        SockJsAssert.Status(await RawHttp.SendFromAsync(Hog, "GET", SecurityFixture.NewSession(demo) + "/websocket", RawWebSocket.HandshakeHeaders()), 429);
        SockJsAssert.Status(await RawHttp.SendFromAsync(Hog, "GET", SecurityFixture.NewSession(demo) + "/websocket", RawWebSocket.HandshakeHeaders(version: "8")), 429);
        SockJsAssert.Status(await RawHttp.SendFromAsync(Hog, "GET", demo + "/websocket", RawWebSocket.HandshakeHeaders()), 429);
        SockJsAssert.Status(await RawHttp.SendFromAsync(Hog, "POST", SecurityFixture.NewSession(demo) + "/xhr"), 429);
        SockJsAssert.Status(await RawHttp.SendFromAsync(Hog, "GET", SecurityFixture.NewSession(demo) + "/jsonp?c=cb"), 429);

        // The sessions it has keep working, and other addresses open theirs.
        SockJsAssert.Status(await RawHttp.SendFromAsync(Hog, "POST", polling + "/xhr_send", null, "[\"mine\"]"), 204);
        SockJsAssert.Body(await RawHttp.SendFromAsync(Hog, "POST", polling + "/xhr"), "a[\"mine\"]\n");
        await raw.SendTextAsync("raw");
        Assert.Equal("raw", await raw.ReceiveTextAsync("echo on the raw socket"));
        await using (var other = await RawWebSocket.ConnectAsync(SecurityFixture.NewSession(demo) + "/websocket"))
        {
            Assert.Equal("o", await other.ReceiveTextAsync("open frame from another address"));
        }

        await first.CloseAsync();
        Assert.True((await first.ReceiveAsync("the close answer")).IsClose);
        await first.DisposeAsync();

        var service = edge.App.Services.GetRequiredService<SockJsServiceRegistry>().Find("/demo/x", out _)!;
        await Eventually.TrueAsync(() => service.Guard.Slots.OpenFrom(Hog) < 3, "the closed socket's place to be given back");
        SockJsAssert.Body(await RawHttp.SendFromAsync(Hog, "POST", SecurityFixture.NewSession(demo) + "/xhr"), "o\n");
    }

    [EdgeOnlyFact]
    public async Task ProtocolTestServices_HaveNoCap()
    {
        await using var edge = await EdgeServer.StartAsync(new Dictionary<string, string?> { ["SockJs:MaxSessionsPerAddress"] = "1" });

        for (var i = 0; i < 3; i++)
        {
            SockJsAssert.Body(await RawHttp.SendFromAsync(Hog, "POST", SecurityFixture.NewSession(edge.Url + "/echo") + "/xhr"), "o\n");
        }
    }
}
