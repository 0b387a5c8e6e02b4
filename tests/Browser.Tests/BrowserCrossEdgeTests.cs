using Microsoft.Extensions.DependencyInjection;
using Realtime.Grains;

namespace Realtime.Browser.Tests;

/// <summary>
/// The transports only a browser runs (iframe-htmlfile, jsonp-polling, iframe-eventsource,
/// iframe-xhr-polling): sockjs-client in Chromium subscribed on edge B receives, complete and in order,
/// what a client on edge A of the same cluster publishes.
/// </summary>
[Collection(RealClientsCollection.Name)]
public sealed class BrowserCrossEdgeTests(RealClientsFixture host)
{
    private const int Count = 50;

    [Theory]
    [InlineData("iframe-htmlfile")]
    [InlineData("jsonp-polling")]
    [InlineData("iframe-eventsource")]
    [InlineData("iframe-xhr-polling")]
    public async Task SubscriberOnEdgeB_ReceivesEverythingPublishedOnEdgeA_InOrder(string transport)
    {
        Prerequisites.RequireChromium();
        var settings = new Dictionary<string, string?>
        {
            // The page comes from the collection's page server, another origin.
            ["Edge:AllowedOrigins:0"] = "*",
            ["Edge:SockJsClientFile"] = RepoPaths.SockJsClientScript,
            ["Edge:SockJsClientUrl"] = "/lib/sockjs.min.js",
        };
        var clusterId = "browser-edges-" + Guid.NewGuid().ToString("N")[..8];
        await using var edgeA = await EdgeServer.StartClusterAsync(clusterId, settings: settings);
        await using var edgeB = await EdgeServer.StartClusterAsync(clusterId, edgeA.SiloPort, settings);
        var channel = "edges:" + Guid.NewGuid().ToString("N")[..8];

        var steps = new List<RealtimeStep> { RealtimeStep.Send("sub", "connect"), RealtimeStep.Send("sub", "subscribe", new { channel }) };
        steps.AddRange(Enumerable.Range(1, Count).Select(i => new RealtimeStep($"message {i}", "sub", null, "message", channel)));
        var scenario = new RealtimeScenario(edgeB.Url + "/realtime", [transport], steps, DeadlineMs: 60_000);
        var browsing = RealtimeBrowserClient.RunAsync(host.Pages, scenario);

        // Publish once the browser's subscription has attached edge B to the channel, so none is missed.
        var grain = edgeA.App.Services.GetRequiredService<IGrainFactory>().GetGrain<IChannelGrain>(channel);
        await Eventually.TrueAsync(async () => browsing.IsCompleted || (await grain.GetEdgesAsync()).Length > 0, "the browser's subscription to reach the channel", TimeSpan.FromSeconds(45));
        await using (var publisher = await RealtimeClient.ConnectAsync(edgeA.Url + "/realtime"))
        {
            for (var i = 1; i <= Count; i++)
            {
                var n = i;
                var reply = await publisher.RequestAsync("publish", r => { r["channel"] = channel; r["data"] = n; });
                Assert.True(reply["ok"] is not null, reply.ToJsonString());
            }
        }

        var run = await browsing;
        Assert.Equal(transport, run.Scenario.Sockets["sub"].Transport);
        var start = run.Ok("sub subscribe").GetProperty("offset").GetInt64();
        var messages = run.Pushes("sub", "message");
        Assert.Equal(Enumerable.Range(1, Count).Select(i => start + i), messages.Select(m => m.GetProperty("offset").GetInt64()));
        Assert.Equal(Enumerable.Range(1, Count), messages.Select(m => m.GetProperty("data").GetInt32()));
    }
}
