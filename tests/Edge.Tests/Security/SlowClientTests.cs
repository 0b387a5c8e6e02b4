using System.Diagnostics;
using System.Text;
using Realtime.Edge.Tests.Protocol;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Security;

/// <summary>
/// Slowloris: a client trickling its request head is cut off by Kestrel's <c>RequestHeadersTimeout</c> (after the
/// fast path's <c>SockJs:HandshakeTimeout</c>), and one trickling a body by <c>MinRequestBodyDataRate</c>; both
/// within a bounded time, while a well-behaved client on the same edge is served.
/// </summary>
public sealed class SlowClientTests
{
    private static Dictionary<string, string?> Settings => new()
    {
        ["Edge:AllowedOrigins:0"] = SecurityFixture.AllowedOrigin,
        ["SockJs:HandshakeTimeout"] = "00:00:01",
        ["Kestrel:Limits:RequestHeadersTimeout"] = "00:00:02",
        ["Kestrel:Limits:MinRequestBodyDataRate:BytesPerSecond"] = "1000",
        ["Kestrel:Limits:MinRequestBodyDataRate:GracePeriod"] = "00:00:02",
    };

    [EdgeOnlyFact]
    public async Task TricklingHeaders_AreCutOff()
    {
        await using var edge = await EdgeServer.StartClusterAsync("slow-" + Guid.NewGuid().ToString("N")[..8], settings: Settings);
        foreach (var target in new[] { "/demo/websocket", "/demo/info" })
        {
            await using var c = await RawHttpConnection.ConnectAsync(edge.Url + target, TimeSpan.FromSeconds(20));
            await c.SendAsync($"GET {target} HTTP/1.1\r\nHost: {c.HostHeader}\r\nUpgrade: websocket\r\n");

            var cutOff = await TrickleUntilCutOffAsync(c, Encoding.ASCII.GetBytes("X-Slow: " + new string('a', 400)), TimeSpan.FromMilliseconds(100));

            Assert.True(cutOff < TimeSpan.FromSeconds(15), $"trickled headers to {target} held the connection {cutOff}");
        }

        await Bystander.AssertUnharmedAsync(edge.Url + "/demo", edge.Url + "/realtime");
    }

    [EdgeOnlyFact]
    public async Task TricklingBody_IsCutOff()
    {
        await using var edge = await EdgeServer.StartClusterAsync("slow-" + Guid.NewGuid().ToString("N")[..8], settings: Settings);
        var session = SecurityFixture.NewSession(edge.Url + "/demo");
        SockJsAssert.Body(await RawHttp.PostAsync(session + "/xhr"), "o\n");
        await using var c = await RawHttpConnection.ConnectAsync(session + "/xhr_send", TimeSpan.FromSeconds(20));
        await c.SendAsync($"POST {RawUrl.Parse(session + "/xhr_send").Target} HTTP/1.1\r\nHost: {c.HostHeader}\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n[\"");

        var cutOff = await TrickleUntilCutOffAsync(c, Encoding.ASCII.GetBytes(new string('x', 400)), TimeSpan.FromMilliseconds(100));

        Assert.True(cutOff < TimeSpan.FromSeconds(15), $"a trickled body held the connection {cutOff}");
        await Bystander.AssertUnharmedAsync(edge.Url + "/demo", edge.Url + "/realtime");
    }

    /// <summary>Sends one byte per <paramref name="pace"/> until the server answers or closes; the time that took.</summary>
    private static async Task<TimeSpan> TrickleUntilCutOffAsync(RawHttpConnection c, byte[] bytes, TimeSpan pace)
    {
        var clock = Stopwatch.StartNew();
        var stream = c.DetachStream();
        var read = stream.ReadAsync(new byte[1024]).AsTask();
        foreach (var b in bytes)
        {
            if (read.IsCompleted)
            {
                return clock.Elapsed;
            }

            try
            {
                await stream.WriteAsync(new[] { b });
            }
            catch (IOException)
            {
                return clock.Elapsed;
            }

            await Task.WhenAny(read, Task.Delay(pace));
        }

        throw new InvalidOperationException($"The server still waited after {bytes.Length} trickled bytes ({clock.Elapsed}).");
    }
}
