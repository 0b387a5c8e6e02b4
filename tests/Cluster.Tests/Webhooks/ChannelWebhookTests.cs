using System.Text.Json.Nodes;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests.Webhooks;

/// <summary>
/// The channel's webhook events, from a real two-edge cluster to a real receiver: occupancy across edges,
/// presence members, client publications, each channel's events in the order they happened.
/// </summary>
[Collection(WebhookCollection.Name)]
public sealed class ChannelWebhookTests(WebhookFixture cluster)
{
    [Fact]
    public async Task SubscribersOnTwoEdges_OccupyTheChannelOnce_AndVacateItOnce_WithMembersAddedAndRemovedBetween()
    {
        var channel = "hook:" + Guid.NewGuid().ToString("N")[..8];
        var onA = await UserWebhookTests.ConnectAsync(cluster.A, "occ-a-" + channel[5..]);
        var onB = await UserWebhookTests.ConnectAsync(cluster.B, "occ-b-" + channel[5..]);
        try
        {
            await SubscribeAsync(onA, channel);
            await WaitForAsync(channel, "member.added", 1);
            await SubscribeAsync(onB, channel);
            await WaitForAsync(channel, "member.added", 2);
            await UnsubscribeAsync(onA, channel);
            await UnsubscribeAsync(onB, channel);
            await WaitForAsync(channel, "channel.vacated", 1);
        }
        finally
        {
            await onA.DisposeAsync();
            await onB.DisposeAsync();
        }

        Assert.Equal(
            ["channel.occupied", "member.added", "member.added", "member.removed", "member.removed", "channel.vacated"],
            Of(channel).Select(e => (string)e["name"]!));
        var added = Of(channel).Where(e => (string?)e["name"] == "member.added").ToList();
        Assert.Equal(["occ-a-" + channel[5..], "occ-b-" + channel[5..]], added.Select(e => (string?)e["data"]?["member"]?["user"]));
        Assert.All(added, e => Assert.False(string.IsNullOrEmpty((string?)e["data"]?["member"]?["client"])));
    }

    [Fact]
    public async Task ClientPublications_OfANamespaceThatAsksForThem_ArriveInOffsetOrder_AndOthersDoNot()
    {
        const int Count = 30;
        var channel = "hookpub:" + Guid.NewGuid().ToString("N")[..8];
        var quiet = "pxapprove:" + Guid.NewGuid().ToString("N")[..8];
        await using var publisher = await RealtimeClient.ConnectAsync(cluster.A.Url + "/realtime");
        var replies = new List<JsonObject>();
        for (var i = 1; i <= Count; i++)
        {
            var n = i;
            replies.Add(await publisher.RequestAsync("publish", r => { r["channel"] = channel; r["data"] = new JsonObject { ["n"] = n }; }));
        }

        Assert.All(replies, r => Assert.True(r["ok"] is not null, r.ToJsonString()));
        Assert.True((await publisher.RequestAsync("publish", r => { r["channel"] = quiet; r["data"] = 1; }))["ok"] is not null);
        await WaitForAsync(channel, "client.published", Count);

        var published = Of(channel);
        Assert.Equal(Enumerable.Range(1, Count), published.Select(e => (int)e["data"]!["data"]!["n"]!));
        Assert.Equal(Enumerable.Range(1, Count).Select(i => (long)i), published.Select(e => (long)e["data"]!["offset"]!));
        Assert.All(published, e => Assert.Equal(publisher.ClientId, (string?)e["data"]!["client"]));
        Assert.Equal(Count, published.Select(e => (string)e["id"]!).Distinct().Count());
        Assert.Empty(Of(quiet));
    }

    private static async Task SubscribeAsync(RealtimeClient client, string channel)
    {
        var reply = await client.RequestAsync("subscribe", r => r["channel"] = channel);
        Assert.True(reply["ok"] is not null, reply.ToJsonString());
    }

    private static async Task UnsubscribeAsync(RealtimeClient client, string channel)
    {
        var reply = await client.RequestAsync("unsubscribe", r => r["channel"] = channel);
        Assert.True(reply["ok"] is not null, reply.ToJsonString());
    }

    // Distinct by id: a retried request may deliver an event twice, and the app deduplicates by id.
    private List<JsonObject> Of(string channel) =>
        [.. cluster.Receiver.Delivered.Where(e => (string?)e["data"]?["channel"] == channel).DistinctBy(e => (string)e["id"]!)];

    private Task WaitForAsync(string channel, string name, int count) =>
        Eventually.TrueAsync(() => Of(channel).Count(e => (string?)e["name"] == name) >= count, $"{count} {name} event(s) of {channel} at the receiver");
}
