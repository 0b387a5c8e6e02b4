using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Realtime.Edge.Cluster;
using Realtime.Grains;
using Realtime.TestKit;
using static Realtime.Cluster.Tests.Api.ApiFixture;

namespace Realtime.Cluster.Tests.Api;

/// <summary>The API's reads: channels, info, presence and history, across both edges.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiReadTests(ApiFixture cluster)
{
    [Fact]
    public async Task Channels_ListsSubscriberCountsAcrossBothEdges()
    {
        var prefix = "chat:" + Guid.NewGuid().ToString("N")[..8];
        var busy = prefix + "-busy";
        var calm = prefix + "-calm";
        await using var a1 = await ConnectAsync(cluster.A);
        await using var a2 = await ConnectAsync(cluster.A);
        await using var b1 = await ConnectAsync(cluster.B);
        await SubscribeAsync(a1, busy);
        await SubscribeAsync(a2, busy);
        await SubscribeAsync(b1, busy);
        await SubscribeAsync(b1, calm);
        using var api = new ApiClient(cluster.B);

        var result = (await api.GetAsync("/api/channels?prefix=" + Uri.EscapeDataString(prefix))).Ok();

        var channels = result["channels"]!.AsArray();
        Assert.Equal([busy, calm], channels.Select(c => (string)c!["channel"]!));
        Assert.Equal(3, (int)channels.Single(c => (string?)c!["channel"] == busy)!["subscribers"]!);
        Assert.Equal(1, (int)channels.Single(c => (string?)c!["channel"] == calm)!["subscribers"]!);
        Assert.Empty(result["failedEdges"]!.AsArray());

        // Without a prefix every channel is listed, these among them.
        var all = (await api.GetAsync("/api/channels")).Ok()["channels"]!.AsArray();
        Assert.Contains(all, c => (string?)c!["channel"] == busy);
    }

    [Fact]
    public async Task Info_ListsBothSilosAndBothEdges_WithTheirConnections()
    {
        var channel = Channel("chat");
        await using var onA = await ConnectAsync(cluster.A);
        await using var onB = await ConnectAsync(cluster.B);
        await SubscribeAsync(onB, channel);
        using var api = new ApiClient(cluster.A);

        var info = (await api.GetAsync("/api/info")).Ok();

        Assert.Equal(2, info["silos"]!.AsArray().Count);
        Assert.All(info["silos"]!.AsArray(), s => Assert.False(string.IsNullOrEmpty((string?)s!["address"])));
        var edges = info["edges"]!.AsArray();
        var ids = new[] { cluster.A, cluster.B }.Select(e => e.App.Services.GetRequiredService<EdgeIdentity>().Id).ToArray();
        // Contains, not equals: an edge another test started may still be registered until its lease runs out.
        var listed = edges.Select(e => (string)e!["id"]!).ToList();
        Assert.Equal(listed.Order(StringComparer.Ordinal), listed);
        Assert.All(ids, id => Assert.Contains(id, listed));
        Assert.All(ids, id => Assert.True((int)edges.Single(e => (string?)e!["id"] == id)!["connections"]! >= 1, "each edge has a connection: " + edges.ToJsonString()));
        Assert.True((int)edges.Single(e => (string?)e!["id"] == ids[1])!["channels"]! >= 1);
        Assert.True((int)info["connections"]! >= 2);
        Assert.True((int)info["channels"]! >= 1);
        Assert.Empty(info["failedEdges"]!.AsArray());
    }

    [Fact]
    public async Task Info_RightAfterTheEdgeRegistryIsRecreated_ListsBothEdges()
    {
        var grains = cluster.A.App.Services.GetRequiredService<IGrainFactory>();
        var registry = grains.GetGrain<IEdgeRegistryGrain>(ClientIds.RegistryKey);
        var ids = new[] { cluster.A, cluster.B }.Select(e => e.App.Services.GetRequiredService<EdgeIdentity>().Id).ToArray();
        var probe = grains.CreateObjectReference<IEdgeObserver>(new RecordingEdgeObserver());
        var probeId = "probe-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            // The probe marks the old activation (its silo left, or it was collected): the new one does not know it,
            // and hears from the live edges only at their next registration.
            await registry.RegisterAsync(probeId, probeId, probe);
            await registry.Cast<IGrainManagementExtension>().DeactivateOnIdle();
            using var api = new ApiClient(cluster.A);

            var listed = (await api.GetAsync("/api/info")).Ok()["edges"]!.AsArray().Select(e => (string)e!["id"]!).ToList();

            Assert.DoesNotContain(probeId, listed);
            Assert.All(ids, id => Assert.Contains(id, listed));
        }
        finally
        {
            grains.DeleteObjectReference<IEdgeObserver>(probe);
        }
    }

    [Fact]
    public async Task Presence_ListsMembersOnBothEdges_AndAUsersConnections()
    {
        var channel = Channel("room");
        var user = NewUser("present");
        await using var onA = await ConnectAsync(cluster.A, user);
        await using var onB = await ConnectAsync(cluster.B);
        await SubscribeAsync(onA, channel);
        await SubscribeAsync(onB, channel);
        using var api = new ApiClient(cluster.A, NewsKey);

        // A member joins presence just after its subscribe reply, so the second join may still be on its way.
        JsonNode presence = new JsonObject();
        await Eventually.TrueAsync(
            async () => (int)(presence = (await api.GetAsync("/api/presence?channel=" + Uri.EscapeDataString(channel))).Ok())["total"]! == 2,
            "both members in the channel's presence");
        Assert.Equal(1, (int)presence["users"]!);
        Assert.Contains(presence["members"]!.AsArray(), m => (string?)m!["user"] == user);
        Assert.Null(presence["next"]);

        using var unrestricted = new ApiClient(cluster.B);
        var online = (await unrestricted.GetAsync("/api/presence?channel=" + Uri.EscapeDataString("$users:" + user))).Ok();
        Assert.Equal(1, (int)online["total"]!);
        (await unrestricted.GetAsync("/api/presence?channel=" + Channel("chat"))).AssertError(403, "presence is off in namespace \"chat\"");
        (await unrestricted.GetAsync("/api/presence")).AssertError(400, "query parameter \"channel\" is required");
        (await unrestricted.GetAsync("/api/presence?channel=nowhere:x")).AssertError(404, "unknown channel namespace \"nowhere\"");
    }

    [Fact]
    public async Task History_ReturnsTheLatest_OrWhatFollowsAPosition()
    {
        var channel = Channel("hist");
        using var api = new ApiClient(cluster.B);
        string epoch = string.Empty;
        for (var i = 1; i <= 3; i++)
        {
            epoch = (string)(await api.PostAsync("/api/publish", new JsonObject { ["channel"] = channel, ["data"] = i })).Ok()["epoch"]!;
        }

        var latest = (await api.GetAsync($"/api/history?channel={channel}&limit=2")).Ok();
        Assert.Equal(epoch, (string?)latest["epoch"]);
        Assert.Equal(3, (long)latest["offset"]!);
        Assert.Null(latest["recovered"]);
        Assert.Equal([2L, 3L], latest["publications"]!.AsArray().Select(p => (long)p!["offset"]!));
        Assert.All(latest["publications"]!.AsArray(), p => Assert.Null(p!["from"]));

        var after = (await api.GetAsync($"/api/history?channel={channel}&since=1&epoch={Uri.EscapeDataString(epoch)}")).Ok();
        Assert.True((bool)after["recovered"]!);
        Assert.Equal([2L, 3L], after["publications"]!.AsArray().Select(p => (long)p!["data"]!));

        var otherEpoch = (await api.GetAsync($"/api/history?channel={channel}&since=1&epoch=not-the-epoch")).Ok();
        Assert.False((bool)otherEpoch["recovered"]!);

        // Capped at Realtime:MaxHistoryLimit.
        Assert.Equal(3, (await api.GetAsync($"/api/history?channel={channel}&limit=100")).Ok()["publications"]!.AsArray().Count);

        (await api.GetAsync($"/api/history?channel={channel}&since=1")).AssertError(400, "\"since\" (an offset) and \"epoch\" go together");
        (await api.GetAsync($"/api/history?channel={channel}&since=-1&epoch=e")).AssertError(400, "\"since\" must be an integer >= 0");
        (await api.GetAsync($"/api/history?channel={channel}&limit=many")).AssertError(400, "\"limit\" must be an integer >= 0");
        (await api.GetAsync("/api/history?channel=nowhere:x")).AssertError(404, "unknown channel namespace \"nowhere\"");
    }
}
