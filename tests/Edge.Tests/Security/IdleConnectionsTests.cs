using System.Diagnostics;
using Realtime.Edge.Tests.Protocol;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Security;

/// <summary>
/// 2,000 raw WebSockets to the realtime service that never send <c>connect</c> are all closed with 3004 once
/// <c>Limits:ConnectTimeout</c> (3 s here) passes, within a bounded time; the edge then serves a well-behaved client.
/// </summary>
public sealed class IdleConnectionsTests
{
    private const int Count = 2000;

    [EdgeOnlyFact]
    public async Task TwoThousandIdleUnauthenticatedSockets_AreClosedAfterTheConnectTimeout()
    {
        await using var edge = await EdgeServer.StartClusterAsync("idle-" + Guid.NewGuid().ToString("N")[..8], settings: new Dictionary<string, string?>
        {
            ["Edge:AllowedOrigins:0"] = SecurityFixture.AllowedOrigin,
            ["Limits:ConnectTimeout"] = "00:00:03",
        });
        var sockets = new List<RawWebSocket>(Count);
        try
        {
            var clock = Stopwatch.StartNew();

            // 50 handshakes at a time: 4,000 descriptors in this process, well under the 20,000 ulimit.
            for (var i = 0; i < Count; i += 50)
            {
                sockets.AddRange(await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => RawWebSocket.ConnectAsync(edge.Url + "/realtime/websocket", timeout: TimeSpan.FromSeconds(60)))));
            }

            var ends = await Eventually.WithinAsync(
                Task.WhenAll(sockets.Select(CloseCodeAsync)),
                $"the close of {Count} idle sockets",
                TimeSpan.FromSeconds(90));

            Assert.All(ends, code => Assert.Equal(3004, code));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"closing {Count} idle sockets took {clock.Elapsed}");
        }
        finally
        {
            foreach (var socket in sockets)
            {
                await socket.DisposeAsync();
            }
        }

        await Bystander.AssertUnharmedAsync(edge.Url + "/demo", edge.Url + "/realtime");
    }

    /// <summary>Reads (at most a few pushes) until the socket's close; its code, or -1 when it was dropped without one.</summary>
    private static async Task<int> CloseCodeAsync(RawWebSocket socket)
    {
        for (var i = 0; i < 5; i++)
        {
            var m = await socket.ReceiveAsync("the idle socket's close");
            if (m.IsEnd)
            {
                await socket.CloseAsync();
                return m.CloseCode ?? -1;
            }
        }

        return -2;
    }
}
