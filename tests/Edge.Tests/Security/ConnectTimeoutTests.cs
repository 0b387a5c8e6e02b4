using Realtime.Edge.Tests.Protocol;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Security;

/// <summary>
/// <c>Limits:ConnectTimeout</c>: a connection that has not connected in time is told <c>disconnect</c> 3004
/// and closed, on WebSocket and HTTP transports alike; connected ones are untouched.
/// </summary>
public sealed class ConnectTimeoutTests
{
    [EdgeOnlyFact]
    public async Task IdleConnectionWithoutConnect_IsClosedWith3004_WhileAConnectedOneStays()
    {
        await using var edge = await EdgeServer.StartClusterAsync("connect-timeout-" + Guid.NewGuid().ToString("N")[..8], settings: new Dictionary<string, string?>
        {
            ["Limits:ConnectTimeout"] = "00:00:01",
        });
        await using var connected = await RealtimeClient.ConnectAsync(edge.Url + "/realtime");
        await using var idle = await RealtimeClient.OpenAsync(edge.Url + "/realtime");

        var closed = await Eventually.WithinAsync(idle.Closed, "the idle connection's close frame", TimeSpan.FromSeconds(15));

        Assert.Equal((3004, "no connect in time"), closed);
        await idle.WaitForPushesAsync(p => p.Any(m => (string?)m["push"] == "disconnect" && (int?)m["code"] == 3004 && (bool?)m["reconnect"] == false), "the disconnect push before the close");
        Assert.NotNull((await connected.RequestAsync("ping"))["ok"]);
        Assert.False(connected.Closed.IsCompleted, "the connected client was closed too");
    }

    [EdgeOnlyFact]
    public async Task IdleXhrSession_IsClosedWith3004()
    {
        await using var edge = await EdgeServer.StartClusterAsync("connect-timeout-" + Guid.NewGuid().ToString("N")[..8], settings: new Dictionary<string, string?>
        {
            ["Limits:ConnectTimeout"] = "00:00:01",
        });
        var session = SecurityFixture.NewSession(edge.Url + "/realtime");
        SockJsAssert.Body(await RawHttp.PostAsync(session + "/xhr"), "o\n");

        // The next poll waits until the server has something: the disconnect push, then the close frame.
        var frames = new List<string>();
        for (var i = 0; i < 5 && !frames.Any(f => f.StartsWith('c')); i++)
        {
            var r = await RawHttp.SendAsync("POST", session + "/xhr", timeout: TimeSpan.FromSeconds(15));
            frames.Add(r.BodyText);
        }

        Assert.Contains(frames, f => f.StartsWith('a') && f.Contains("disconnect", StringComparison.Ordinal));
        Assert.Contains("c[3004,\"no connect in time\"]\n", frames);
    }
}
