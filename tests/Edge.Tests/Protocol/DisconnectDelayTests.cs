using System.Diagnostics;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Protocol;

/// <summary>An HTTP session with no receiving request is forgotten after the disconnect delay (edges with short delays).</summary>
public sealed class DisconnectDelayTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(500);

    [EdgeOnlyFact]
    public async Task Session_WithoutReceiver_IsGoneAfterDisconnectDelay()
    {
        await using var edge = await EdgeServer.StartAsync(new Dictionary<string, string?> { ["SockJs:DisconnectDelay"] = "00:00:00.500" });
        var session = SockJsServerFixture.NewSession(edge.Url + "/echo");

        // Started before the poll: the server's delay begins when the poll ends, which is later, so a
        // slow test thread can only lengthen what this measures, never shorten it.
        var sinceLastReceiver = Stopwatch.StartNew();
        SockJsAssert.StatusAndBody(await RawHttp.PostAsync(session + "/xhr"), 200, "o\n");
        SockJsAssert.Status(await RawHttp.PostAsync(session + "/xhr_send", "[]"), 204);

        var goneAfter = await WhenSendIsRefusedAsync(session, "xhr_send to answer 404 once the session timed out");

        Assert.True(goneAfter >= Delay * 0.8, $"The session was gone {sinceLastReceiver.ElapsedMilliseconds} ms after its last receiver, before the 500 ms delay");
        SockJsAssert.StatusAndBody(await RawHttp.PostAsync(session + "/xhr"), 200, "o\n");

        async Task<TimeSpan> WhenSendIsRefusedAsync(string url, string what)
        {
            using var cts = new CancellationTokenSource();
            try
            {
                return await Eventually.WithinAsync(ProbeAsync(cts.Token), what, TimeSpan.FromSeconds(5));
            }
            finally
            {
                await cts.CancelAsync();
            }

            async Task<TimeSpan> ProbeAsync(CancellationToken cancel)
            {
                while (true)
                {
                    cancel.ThrowIfCancellationRequested();
                    var r = await RawHttp.PostAsync(url + "/xhr_send", "[]");
                    if (r.StatusCode == 404)
                    {
                        return sinceLastReceiver.Elapsed;
                    }

                    SockJsAssert.Status(r, 204);
                    await Task.Delay(25, cancel); // probe pace, not a wait for the outcome
                }
            }
        }
    }

    [EdgeOnlyFact]
    public async Task Session_WithAttachedStream_OutlivesDisconnectDelay()
    {
        await using var edge = await EdgeServer.StartAsync(new Dictionary<string, string?>
        {
            ["SockJs:DisconnectDelay"] = "00:00:00.500",
            ["SockJs:HeartbeatInterval"] = "00:00:00.250",
        });
        var session = SockJsServerFixture.NewSession(edge.Url + "/echo");
        var (c, r) = await RawHttp.StartAsync("POST", session + "/xhr_streaming");
        using (c)
        {
            SockJsAssert.Status(r, 200);
            await c.ReadChunkAsync("prelude");
            await SockJsAssert.ChunkAsync(c, "o\n", "open frame");

            // Four heartbeats: a second attached, twice the disconnect delay.
            for (var i = 1; i <= 4; i++)
            {
                await SockJsAssert.ChunkAsync(c, "h\n", $"heartbeat {i} of 4");
            }

            SockJsAssert.Status(await RawHttp.PostAsync(session + "/xhr_send", "[\"x\"]"), 204);
            await SockJsAssert.ChunkAsync(c, "a[\"x\"]\n", "the echo on the still-attached stream");
        }
    }

    // A longer delay here: the second poll must surely come within it even on a busy machine.
    [EdgeOnlyFact]
    public async Task ClosedSession_IsForgottenAfterDisconnectDelay_SoTheIdOpensAgain()
    {
        await using var edge = await EdgeServer.StartAsync(new Dictionary<string, string?> { ["SockJs:DisconnectDelay"] = "00:00:02" });
        var session = SockJsServerFixture.NewSession(edge.Url + "/close");
        SockJsAssert.Body(await RawHttp.PostAsync(session + "/xhr"), "o\n");
        var sinceOpen = Stopwatch.StartNew();
        var closing = await RawHttp.PostAsync(session + "/xhr");
        Assert.True(
            closing.BodyText == "c[3000,\"Go away!\"]\n",
            $"The second poll, answered {sinceOpen.ElapsedMilliseconds} ms after the first (delay 2 s), expected the close frame:\n{closing.Describe()}");

        using var cts = new CancellationTokenSource();
        try
        {
            await Eventually.WithinAsync(UntilGoneAsync(cts.Token), "the closed session to be forgotten (xhr_send 404)", TimeSpan.FromSeconds(8));
        }
        finally
        {
            await cts.CancelAsync();
        }

        SockJsAssert.Body(await RawHttp.PostAsync(session + "/xhr"), "o\n");

        async Task<bool> UntilGoneAsync(CancellationToken cancel)
        {
            while ((await RawHttp.PostAsync(session + "/xhr_send", "[]")).StatusCode != 404)
            {
                await Task.Delay(25, cancel); // probe pace, not a wait for the outcome
            }

            return true;
        }
    }
}
