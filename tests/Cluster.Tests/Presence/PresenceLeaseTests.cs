using System.Diagnostics;
using Realtime.Grains;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests.Presence;

/// <summary>Presence driven at the channel grain: a crashed edge's members, scale, paging and the cost of a join.</summary>
[Collection(TwoEdgeCollection.Name)]
public sealed class PresenceLeaseTests(TwoEdgeFixture cluster)
{
    [Fact]
    public async Task MembersOfAnEdgeThatStopsRenewing_LeaveWithinTheLease_WithLeavePushes()
    {
        var channel = TwoEdgeFixture.NewChannel("room");
        var grain = cluster.Channel(channel);
        await using var watcher = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.A));
        Assert.NotNull((await watcher.RequestAsync("subscribe", r => r["channel"] = channel))["ok"]);

        // A stand-in edge that attaches once, joins two members and then goes silent, as a crashed one would.
        var crashed = new RecordingEdgeObserver();
        var reference = cluster.Grains.CreateObjectReference<IEdgeObserver>(crashed);
        try
        {
            await grain.AttachEdgeAsync("crashed-edge", reference, 1, null);
            await grain.JoinAsync(new PresenceMember("crashed.1", "u1", null, null, "crashed-edge"), announce: true);
            await grain.JoinAsync(new PresenceMember("crashed.2", "u2", null, null, "crashed-edge"), announce: true);
            await watcher.WaitForPushesAsync(p => p.Count(m => (string?)m["push"] == "join" && ((string?)m["member"]?["client"])?.StartsWith("crashed.", StringComparison.Ordinal) == true) == 2, "the two joins");
            var joinedAt = Stopwatch.StartNew();

            await watcher.WaitForPushesAsync(
                p => p.Count(m => (string?)m["push"] == "leave" && ((string?)m["member"]?["client"])?.StartsWith("crashed.", StringComparison.Ordinal) == true) == 2,
                "the crashed edge's members to leave",
                TwoEdgeFixture.EdgeLease * 3);
            Assert.True(joinedAt.Elapsed < TwoEdgeFixture.EdgeLease * 2, $"the members left after {joinedAt.Elapsed.TotalSeconds:0.0} s; the lease is {TwoEdgeFixture.EdgeLease.TotalSeconds} s");
            var page = await grain.GetPresenceAsync(null, 100);
            Assert.DoesNotContain(page.Members, m => m.EdgeId == "crashed-edge");
        }
        finally
        {
            cluster.Grains.DeleteObjectReference<IEdgeObserver>(reference);
        }
    }

    [Fact]
    public async Task TenThousandMembers_AnswerInOneMessage_AndAJoinCostsOnePushPerEdge()
    {
        // With the subscribing client itself: 10,000, one default page.
        const int Members = 9_999;
        var channel = TwoEdgeFixture.NewChannel("room");
        var grain = cluster.Channel(channel);
        await using var client = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.B));
        Assert.NotNull((await client.RequestAsync("subscribe", r => r["channel"] = channel))["ok"]);
        var edgeB = TwoEdgeFixture.EdgeId(cluster.B);

        for (var start = 0; start < Members; start += 500)
        {
            await Task.WhenAll(Enumerable.Range(start, Math.Min(500, Members - start)).Select(i =>
                grain.JoinAsync(new PresenceMember($"m.{i:D5}", $"user{i % 2500}", null, "{\"n\":" + i + "}", edgeB), announce: false)));
        }

        var reply = (await client.RequestAsync("presence", r => r["channel"] = channel, TimeSpan.FromSeconds(30)))["ok"]!;
        Assert.Equal(Members + 1, (int)reply["total"]!);
        Assert.Equal(Members + 1, reply["members"]!.AsArray().Count);
        Assert.Equal(2500, (int)reply["users"]!);
        Assert.Null(reply["next"]);

        // Pages follow client id order without overlap.
        var first = await grain.GetPresenceAsync(null, 4000);
        var second = await grain.GetPresenceAsync(first.Next, 4000);
        var third = await grain.GetPresenceAsync(second.Next, 4000);
        Assert.Null(third.Next);
        var all = first.Members.Concat(second.Members).Concat(third.Members).Select(m => m.ClientId).ToList();
        Assert.Equal(Members + 1, all.Distinct().Count());
        Assert.Equal(all.Order(StringComparer.Ordinal), all);

        // One more join reaches the subscriber as one push carrying one member, not a list.
        var joinsBefore = client.Pushes.Count(m => (string?)m["push"] == "join");
        await grain.JoinAsync(new PresenceMember("m.new", "newcomer", null, null, edgeB), announce: true);
        await client.WaitForPushesAsync(p => p.Any(m => (string?)m["push"] == "join" && (string?)m["member"]?["client"] == "m.new"), "the newcomer's join");
        Assert.Equal(joinsBefore + 1, client.Pushes.Count(m => (string?)m["push"] == "join"));
    }
}
