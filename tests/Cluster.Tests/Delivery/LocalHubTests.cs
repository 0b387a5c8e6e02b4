using Microsoft.Extensions.Options;
using Realtime.Edge.Cluster;
using Realtime.Edge.Protocol;
using Realtime.Grains;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests.Delivery;

/// <summary>
/// A hub wired as an edge wires it (adapter, observer, hub) but with fake connections: a third,
/// virtual edge of the fixture's real cluster, attached through a real observer reference.
/// </summary>
[Collection(TwoEdgeCollection.Name)]
public sealed class LocalHubTests(TwoEdgeFixture cluster)
{
    [Fact]
    public async Task VirtualEdge_GetsEveryGrainPublicationInOrder_AndDetachesWithItsLastSubscriber()
    {
        const int Count = 200;
        var (hub, identity, observer) = NewEdge();
        var channel = TwoEdgeFixture.NewChannel("hub");
        var grain = cluster.Channel(channel);
        var subscriber = new FakeSubscriber();
        ChannelPosition? replied = null;
        await hub.SubscribeAsync(channel, subscriber, (epoch, offset) => replied = new ChannelPosition(epoch, offset));
        Assert.NotNull(replied);
        Assert.Equal(0, replied.Offset);
        Assert.Equal([identity.Id], await grain.GetEdgesAsync());

        var positions = await Task.WhenAll(Enumerable.Range(1, Count).Select(i => grain.PublishAsync(new PublishRequest($"[{i}]", null, null))));
        Assert.All(positions, p => Assert.Equal(replied.Epoch, p.Epoch));
        await Eventually.TrueAsync(() => subscriber.Fake.Offsets.Count >= Count, $"{Count} publications through the virtual edge's observer");
        Assert.Equal(Enumerable.Range(1, Count).Select(i => (long)i), subscriber.Fake.Offsets);
        var message = subscriber.Fake.Sent[0];
        Assert.Equal(["push", "channel", "offset", "data"], message.Select(p => p.Key));
        Assert.Equal("message", (string)message["push"]!);
        Assert.Equal(channel, (string)message["channel"]!);

        hub.Unsubscribe(channel, subscriber);
        Assert.Empty(hub.Channels);
        await AsyncCondition.TrueAsync(async () => (await grain.GetEdgesAsync()).Length == 0, "the virtual edge to detach after its last subscriber left");

        GC.KeepAlive(observer);
    }

    [Fact]
    public async Task ResubscribingRightAfterTheLastSubscriberLeft_KeepsTheEdgeAttached()
    {
        var (hub, identity, observer) = NewEdge();
        for (var round = 1; round <= 30; round++)
        {
            // A fresh channel each round; the race shows most often soon after the cluster started.
            var channel = TwoEdgeFixture.NewChannel("resubscribe");
            var grain = cluster.Channel(channel);
            var leaving = new FakeSubscriber();
            await hub.SubscribeAsync(channel, leaving, (_, _) => { });
            hub.Unsubscribe(channel, leaving);
            var staying = new FakeSubscriber();
            var attachedEpoch = string.Empty;
            await hub.SubscribeAsync(channel, staying, (epoch, _) => attachedEpoch = epoch);

            // The detach of the first subscription must not undo the attach of the second.
            var position = await grain.PublishAsync(new PublishRequest(round.ToString(System.Globalization.CultureInfo.InvariantCulture), null, null));
            var edges = await grain.GetEdgesAsync();
            Assert.True(edges.Contains(identity.Id), $"round {round}: the edge subscribed again but the channel lists [{string.Join(", ", edges)}]; the detach overtook the new attach (epoch at attach {attachedEpoch}, at publish {position.Epoch})");
            await Eventually.TrueAsync(
                () => staying.Fake.Offsets.Contains(position.Offset),
                $"round {round}: offset {position.Offset} for the subscriber that came right back",
                TimeSpan.FromSeconds(3));
            hub.Unsubscribe(channel, staying);
        }

        GC.KeepAlive(observer);
    }

    /// <summary>An edge's cluster side; keep the observer alive for as long as it should receive (Orleans references it weakly).</summary>
    private (LocalHub Hub, EdgeIdentity Identity, EdgeObserver Observer) NewEdge()
    {
        var identity = new EdgeIdentity();
        var adapter = new ClusterAdapter(cluster.Grains, identity);
        var options = Options.Create(new RealtimeOptions { GapWait = TimeSpan.FromMilliseconds(100), RenewInterval = TimeSpan.FromSeconds(1) });
        var hub = new LocalHub(adapter, options, TimeProvider.System);
        var observer = new EdgeObserver(hub, new ClientRegistry(), identity);
        adapter.SetObserver(observer);
        return (hub, identity, observer);
    }
}
