using System.Text.Json.Nodes;
using Realtime.TestKit;
using Realtime.Cluster.Tests.Auth;

namespace Realtime.Cluster.Tests.History;

/// <summary>
/// <c>subscribe</c> with <c>since</c>: a client that lost its connection while publications went on
/// resumes on another edge and transport with nothing lost and nothing twice, or is told it cannot.
/// </summary>
[Collection(TwoEdgeCollection.Name)]
public sealed class ResumeTests(TwoEdgeFixture cluster)
{
    [Fact]
    public async Task ClientThatDropsWhilePublishingGoesOn_ResumesOnTheOtherEdgeOverXhrPolling_WithNothingLostOrTwice()
    {
        var channel = TwoEdgeFixture.NewChannel("resume");
        await using var publisher = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.B));
        var published = 0;
        using var stop = new CancellationTokenSource();
        var publishing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var reply = await publisher.RequestAsync("publish", r => { r["channel"] = channel; r["data"] = published + 1; });
                Assert.True(reply["ok"] is not null, reply.ToJsonString());
                Interlocked.Increment(ref published);
            }
        });

        // First life on edge A over WebSocket: take some messages, then drop without unsubscribing.
        var seen = new List<long>();
        string epoch;
        await using (var first = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.A)))
        {
            var subscribed = (await first.RequestAsync("subscribe", r => r["channel"] = channel))["ok"]!;
            epoch = (string)subscribed["epoch"]!;
            await first.WaitForPushesAsync(p => p.Count(m => (string?)m["push"] == "message") >= 20, "20 messages before the drop");
            seen.AddRange(first.Pushes.Where(m => (string?)m["push"] == "message").Select(m => (long)m["offset"]!));
            Assert.Equal(Enumerable.Range((int)seen[0], seen.Count).Select(i => (long)i), seen);
        }

        // Publishing goes on while the client is away.
        var atDrop = Volatile.Read(ref published);
        await Eventually.TrueAsync(() => Volatile.Read(ref published) >= atDrop + 50, "50 publications during the outage");

        // Second life on edge B over xhr-polling whose requests alternate between both edges.
        await using var second = await PollingClient.OpenAsync(TwoEdgeFixture.Realtime(cluster.B), TwoEdgeFixture.Realtime(cluster.A));
        await second.RequestAsync("connect");
        var resumed = (await second.RequestAsync("subscribe", r =>
        {
            r["channel"] = channel;
            r["since"] = new JsonObject { ["epoch"] = epoch, ["offset"] = seen[^1] };
        }))["ok"]!;
        Assert.True((bool)resumed["recovered"]!, resumed.ToJsonString());
        Assert.Equal(epoch, (string)resumed["epoch"]!);
        var recovered = resumed["publications"]!.AsArray().Select(p => (long)p!["offset"]!).ToList();
        Assert.True(recovered.Count >= 50, $"only {recovered.Count} publications recovered");
        Assert.Equal((long)resumed["offset"]!, recovered[^1]);

        var afterResume = Volatile.Read(ref published);
        await Eventually.TrueAsync(() => Volatile.Read(ref published) >= afterResume + 30, "30 publications after the resume");
        await stop.CancelAsync();
        await publishing;
        var total = Volatile.Read(ref published);
        await Eventually.TrueAsync(
            () => second.Received.Any(m => (string?)m["push"] == "message" && (long)m["offset"]! == total),
            $"the last publication, offset {total}, after the resume");

        var pushed = second.Received.Where(m => (string?)m["push"] == "message").Select(m => (long)m["offset"]!).ToList();
        var all = seen.Concat(recovered).Concat(pushed).ToList();
        Assert.Equal(Enumerable.Range((int)seen[0], total - (int)seen[0] + 1).Select(i => (long)i), all);
    }

    [Fact]
    public async Task PositionOutsideTheWindow_OrFromAnotherEpoch_IsNotRecovered_AndDeliveryStartsAtTheCurrentOffset()
    {
        var channel = TwoEdgeFixture.NewChannel("hist");
        await using var client = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.A));
        for (var i = 1; i <= 8; i++)
        {
            await client.RequestAsync("publish", r => { r["channel"] = channel; r["data"] = i; });
        }

        var epoch = (string)(await client.RequestAsync("history", r => r["channel"] = channel))["ok"]!["epoch"]!;
        foreach (var (e, offset) in new[] { (epoch, 1L), ("another-epoch", 7L), (epoch, 99L) })
        {
            await using var resuming = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.B));
            var reply = (await resuming.RequestAsync("subscribe", r =>
            {
                r["channel"] = channel;
                r["since"] = new JsonObject { ["epoch"] = e, ["offset"] = offset };
            }))["ok"]!;
            Assert.False((bool)reply["recovered"]!, $"since {e}/{offset}: {reply.ToJsonString()}");
            Assert.Equal(8, (long)reply["offset"]!);
            Assert.Equal(epoch, (string)reply["epoch"]!);
            Assert.Empty(reply["publications"]!.AsArray());
        }

        // Within the window of five: offsets 4 to 8 are all there.
        await using var inWindow = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.B));
        var ok = (await inWindow.RequestAsync("subscribe", r =>
        {
            r["channel"] = channel;
            r["since"] = new JsonObject { ["epoch"] = epoch, ["offset"] = 3 };
        }))["ok"]!;
        Assert.True((bool)ok["recovered"]!);
        Assert.Equal(new long[] { 4, 5, 6, 7, 8 }, ok["publications"]!.AsArray().Select(p => (long)p!["offset"]!));
        await client.RequestAsync("publish", r => { r["channel"] = channel; r["data"] = 9; });
        await inWindow.WaitForPushesAsync(p => p.Any(m => (long?)m["offset"] == 9), "offset 9 pushed after the recovered ones");
    }

    [Fact]
    public async Task MalformedSince_OnSubscribe_Is400_AndDoesNotSubscribe()
    {
        var channel = TwoEdgeFixture.NewChannel("resume");
        await using var client = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.A));
        ConnectionTokenTests.AssertError(await client.RequestAsync("subscribe", r => { r["channel"] = channel; r["since"] = "yesterday"; }), 400, "\"since\" must be");
        Assert.NotNull((await client.RequestAsync("subscribe", r => r["channel"] = channel))["ok"]);
    }
}
