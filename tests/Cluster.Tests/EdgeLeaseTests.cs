using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Realtime.Edge.Cluster;
using Realtime.Grains;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests;

/// <summary>
/// A channel grain knows which edges have subscribers: an edge attaches with its first subscriber,
/// detaches with its last, and one that stops renewing (crashed, partitioned) drops out when its lease
/// runs out. Edge C in these tests is an extra edge joining the cluster as an Orleans client, so it
/// can be stopped or stalled without touching the fixture's silos.
/// </summary>
[Collection(TwoEdgeCollection.Name)]
public sealed class EdgeLeaseTests(TwoEdgeFixture cluster)
{
    private static readonly TimeSpan LeaseDeadline = TwoEdgeFixture.EdgeLease * 2 + TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Channel_ListsEveryEdgeWithSubscribers_AndAnEdgeLeavesWithItsLastSubscriber()
    {
        var channel = TwoEdgeFixture.NewChannel("edges");
        var grain = cluster.Channel(channel);
        var (idA, idB) = (TwoEdgeFixture.EdgeId(cluster.A), TwoEdgeFixture.EdgeId(cluster.B));
        await using var first = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.B));
        await using var second = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.B));
        RealtimeClient? onA = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.A));
        try
        {
            Assert.Empty(await grain.GetEdgesAsync());
            await SubscribeAsync(first, channel);
            Assert.Equal([idB], await grain.GetEdgesAsync());
            await SubscribeAsync(second, channel);
            await SubscribeAsync(onA, channel);
            Assert.Equal(new[] { idA, idB }.Order(), (await grain.GetEdgesAsync()).Order());

            await UnsubscribeAsync(first, channel);
            Assert.Equal(new[] { idA, idB }.Order(), (await grain.GetEdgesAsync()).Order());
            await UnsubscribeAsync(second, channel);
            await AsyncCondition.TrueAsync(async () => !(await grain.GetEdgesAsync()).Contains(idB), "edge B to detach after its last subscriber unsubscribed");
            Assert.Equal([idA], await grain.GetEdgesAsync());

            // Leaving by closing the connection counts as unsubscribing.
            await onA.DisposeAsync();
            onA = null;
            await AsyncCondition.TrueAsync(async () => (await grain.GetEdgesAsync()).Length == 0, "edge A to detach after its last subscriber's connection closed");
        }
        finally
        {
            if (onA is not null)
            {
                await onA.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ClientThatResubscribesAtOnce_KeepsItsEdgeAttached()
    {
        var idB = TwoEdgeFixture.EdgeId(cluster.B);
        await using var client = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.B));
        for (var round = 1; round <= 30; round++)
        {
            // A page that unmounts and remounts its component: unsubscribe and subscribe back to back.
            // A fresh channel each round; the race shows most often soon after the cluster started.
            var channel = TwoEdgeFixture.NewChannel("again");
            var grain = cluster.Channel(channel);
            await SubscribeAsync(client, channel);
            await UnsubscribeAsync(client, channel);
            await SubscribeAsync(client, channel);
            var edges = await grain.GetEdgesAsync();
            Assert.True(edges.Contains(idB), $"round {round}: edge B's client is subscribed but the channel lists [{string.Join(", ", edges)}]");
            await UnsubscribeAsync(client, channel);
        }
    }

    [Fact]
    public async Task ObserverThatStopsRenewing_DropsOutWithinTheLease_WhileRenewingEdgesStay()
    {
        var channel = TwoEdgeFixture.NewChannel("lease");
        var grain = cluster.Channel(channel);
        var idA = TwoEdgeFixture.EdgeId(cluster.A);
        await using var onA = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.A));
        await SubscribeAsync(onA, channel);

        var recorder = new RecordingEdgeObserver();
        var reference = cluster.Grains.CreateObjectReference<IEdgeObserver>(recorder);
        try
        {
            var sinceAttach = Stopwatch.StartNew();
            await grain.AttachEdgeAsync("fake-edge", reference, 1, null);
            Assert.Equal(new[] { idA, "fake-edge" }.Order(), (await grain.GetEdgesAsync()).Order());
            await grain.PublishAsync(new PublishRequest("1", null, null));
            await Eventually.TrueAsync(() => recorder.Received.Count == 1, "the attached observer to get the publication");

            await AsyncCondition.TrueAsync(async () => !(await grain.GetEdgesAsync()).Contains("fake-edge"), "the observer that never renewed to drop out", LeaseDeadline);
            Assert.True(
                sinceAttach.Elapsed >= TwoEdgeFixture.EdgeLease - TimeSpan.FromMilliseconds(50),
                $"the observer dropped out after {sinceAttach.Elapsed.TotalSeconds:0.00} s, before its {TwoEdgeFixture.EdgeLease.TotalSeconds} s lease ran out");

            // Edge A attached before the observer did: it is still there only because it renews.
            Assert.Equal([idA], await grain.GetEdgesAsync());
            await grain.PublishAsync(new PublishRequest("2", null, null));
            await onA.WaitForPushesAsync(p => p.Count(m => (string?)m["push"] == "message") == 2, "edge A's subscriber to get both publications");
            Assert.Single(recorder.Received);
        }
        finally
        {
            cluster.Grains.DeleteObjectReference<IEdgeObserver>(reference);
        }
    }

    [Fact]
    public async Task EdgeThatStopsRenewing_DropsOutWithinTheLease_AndCatchesUpWhenRenewalResumes()
    {
        var channel = TwoEdgeFixture.NewChannel("stalled");
        var grain = cluster.Channel(channel);
        await using var edgeC = await StartClientEdgeAsync();
        var idC = TwoEdgeFixture.EdgeId(edgeC);
        await using var onC = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(edgeC));
        await using var onA = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.A));
        await SubscribeAsync(onC, channel);
        await SubscribeAsync(onA, channel);
        Assert.Contains(idC, await grain.GetEdgesAsync());

        // What a crashed or partitioned edge looks like to the channel: renewals stop, no detach.
        var registration = edgeC.App.Services.GetServices<IHostedService>().OfType<EdgeRegistration>().Single();
        var sinceStop = Stopwatch.StartNew();
        await registration.StopAsync(CancellationToken.None);
        await AsyncCondition.TrueAsync(async () => !(await grain.GetEdgesAsync()).Contains(idC), "edge C, no longer renewing, to drop out of the channel", LeaseDeadline);
        Assert.Contains(TwoEdgeFixture.EdgeId(cluster.A), await grain.GetEdgesAsync());
        Assert.True(sinceStop.Elapsed < LeaseDeadline, $"edge C dropped out {sinceStop.Elapsed.TotalSeconds:0.0} s after its renewals stopped");

        for (var i = 1; i <= 5; i++)
        {
            await grain.PublishAsync(new PublishRequest(i.ToString(System.Globalization.CultureInfo.InvariantCulture), null, null));
        }

        await onA.WaitForPushesAsync(p => Messages(p).Count() == 5, "edge A's subscriber to get 5 publications");

        // The next renewal re-attaches edge C and fetches what it missed, in order.
        await edgeC.App.Services.GetRequiredService<LocalHub>().RenewAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Contains(idC, await grain.GetEdgesAsync());
        await onC.WaitForPushesAsync(p => Messages(p).Count() >= 5, "edge C's subscriber to get the 5 publications it missed");
        Assert.Equal([1L, 2, 3, 4, 5], Messages(onC.Pushes).Select(m => (long)m["offset"]!));
        Assert.Equal([1, 2, 3, 4, 5], Messages(onC.Pushes).Select(m => (int)m["data"]!));
    }

    [Fact]
    public async Task StoppedEdge_IsDetachedFromItsChannels()
    {
        string[] channels = [TwoEdgeFixture.NewChannel("stopping"), TwoEdgeFixture.NewChannel("stopping")];
        var edgeC = await StartClientEdgeAsync();
        string idC;
        try
        {
            idC = TwoEdgeFixture.EdgeId(edgeC);
            await using var onC = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(edgeC));
            foreach (var channel in channels)
            {
                await SubscribeAsync(onC, channel);
                Assert.Equal([idC], await cluster.Channel(channel).GetEdgesAsync());
            }
        }
        catch
        {
            await edgeC.DisposeAsync();
            throw;
        }

        var stopping = Stopwatch.StartNew();
        await edgeC.DisposeAsync();
        foreach (var channel in channels)
        {
            Assert.Empty(await cluster.Channel(channel).GetEdgesAsync());
        }

        // Quicker than the lease could have run out: the edge detached on its way down.
        Assert.True(
            stopping.Elapsed < TwoEdgeFixture.EdgeLease - TimeSpan.FromSeconds(1),
            $"stopping edge C took {stopping.Elapsed.TotalSeconds:0.0} s; cannot tell a detach from an expired lease");
    }

    private async Task<EdgeServer> StartClientEdgeAsync()
    {
        var settings = new Dictionary<string, string?>(TwoEdgeFixture.Settings)
        {
            ["Cluster:Mode"] = "Client",
            ["Cluster:ClusterId"] = cluster.ClusterId,
            ["Cluster:GatewayPorts"] = cluster.A.App.Configuration["Cluster:GatewayPort"],
        };
        return await EdgeServer.StartAsync(settings);
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

    private static IEnumerable<JsonObject> Messages(IEnumerable<JsonObject> pushes) => pushes.Where(m => (string?)m["push"] == "message");
}
