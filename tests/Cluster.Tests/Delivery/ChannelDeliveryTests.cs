using System.Globalization;
using Realtime.Edge.Cluster;
using Realtime.Grains;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests.Delivery;

/// <summary>
/// One channel's delivery on an edge, driven directly: publications fed in any order come out in
/// offset order; a gap is fetched from the channel grain after the gap wait; a gap the grain no longer
/// holds, or a new epoch, ends the subscription with an <c>unsubscribed</c> push. Time is manual; the
/// grain is real (the fixture's cluster).
/// </summary>
[Collection(TwoEdgeCollection.Name)]
public sealed class ChannelDeliveryTests(TwoEdgeFixture cluster)
{
    private static readonly TimeSpan GapWait = TimeSpan.FromMilliseconds(100);
    private readonly ManualTimeProvider _time = new();
    private readonly CountingGrainFactory _grains = new(cluster.Grains);
    private readonly string _channel = TwoEdgeFixture.NewChannel("delivery");

    [Fact]
    public void EarlyPublications_WaitForTheMissingOffset_ThenGoOutInOrder()
    {
        var (delivery, subscriber) = Start(new ChannelPosition("e1", 0));

        delivery.Receive(Publication("e1", 3));
        Assert.Empty(subscriber.Fake.Messages);
        delivery.Receive(Publication("e1", 1));
        Assert.Equal([1L], subscriber.Fake.Offsets);
        delivery.Receive(Publication("e1", 2));
        Assert.Equal([1L, 2, 3], subscriber.Fake.Offsets);

        // Duplicates of what was delivered are dropped.
        delivery.Receive(Publication("e1", 2));
        delivery.Receive(Publication("e1", 3));
        delivery.Receive(Publication("e1", 4));
        Assert.Equal([1L, 2, 3, 4], subscriber.Fake.Offsets);

        // Nothing is missing any more: the gap wait passes without a fetch.
        _time.Advance(GapWait);
        Assert.Empty(_grains.Ranges);
        Assert.Equal(0, _time.PendingTimers);
        Assert.Equal([1L, 2, 3, 4], subscriber.Fake.Offsets);
    }

    [Fact]
    public void Delivery_StartsAfterTheAttachPosition_AndTheReplyPrecedesEveryPush()
    {
        var (delivery, first) = Start(new ChannelPosition("e1", 10));
        delivery.Receive(Publication("e1", 9));
        delivery.Receive(Publication("e1", 10));
        delivery.Receive(Publication("e1", 11));
        Assert.Equal([11L], first.Fake.Offsets);
        Assert.Equal("reply e1 10", (string)first.Fake.Sent[0]["reply"]!);

        var second = new FakeSubscriber();
        delivery.Add(second, (epoch, offset) => second.Fake.Send($"{{\"reply\":\"reply {epoch} {offset}\"}}"));
        delivery.Receive(Publication("e1", 12));
        Assert.Equal("reply e1 11", (string)second.Fake.Sent[0]["reply"]!);
        Assert.Equal([12L], second.Fake.Offsets);
        Assert.Equal([11L, 12], first.Fake.Offsets);
    }

    [Fact]
    public async Task MissingOffset_IsFetchedFromTheChannelGrain_AfterTheGapWait()
    {
        var published = await PublishAsync(3);
        var (delivery, subscriber) = Start(new ChannelPosition(published[0].Epoch, 0));

        delivery.Receive(published[0]);
        delivery.Receive(published[2]);
        Assert.Equal([1L], subscriber.Fake.Offsets);
        _time.Advance(GapWait - TimeSpan.FromTicks(1));
        Assert.Empty(_grains.Ranges);

        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal([(2L, 2L)], _grains.Ranges);
        await Eventually.TrueAsync(() => subscriber.Fake.Offsets.Count == 3, "offset 2, fetched from the channel grain, and then 3");
        Assert.Equal([1L, 2, 3], subscriber.Fake.Offsets);
        Assert.Equal(["1", "2", "3"], subscriber.Fake.Messages.Select(m => m["data"]!.ToJsonString()));
        Assert.Empty(subscriber.Ended);
    }

    [Fact]
    public async Task Renewal_FetchesPublicationsThatNeverArrived()
    {
        var published = await PublishAsync(3);
        var (delivery, subscriber) = Start(new ChannelPosition(published[0].Epoch, 0));

        // Nothing arrived, so no gap is visible; the renewal's position shows three were missed.
        delivery.Reconcile(new ChannelPosition(published[0].Epoch, 3));
        Assert.Equal([(1L, 3L)], _grains.Ranges);
        await Eventually.TrueAsync(() => subscriber.Fake.Offsets.Count == 3, "the three publications the renewal found missing");
        Assert.Equal([1L, 2, 3], subscriber.Fake.Offsets);
    }

    [Fact]
    public async Task GapTheGrainNoLongerHas_EndsTheSubscriptionWithAnUnsubscribedPush()
    {
        var count = TwoEdgeFixture.RecentBufferSize + 4;
        var published = await PublishAsync(count);
        var (delivery, first) = Start(new ChannelPosition(published[0].Epoch, 0));
        var second = new FakeSubscriber();
        delivery.Add(second, (_, _) => { });

        delivery.Receive(published[^1]);
        _time.Advance(GapWait);
        Assert.Equal([(1L, count - 1L)], _grains.Ranges);
        await Eventually.TrueAsync(() => delivery.IsLost, $"the delivery to give up on offsets 1 to {count - 1}, gone from a {TwoEdgeFixture.RecentBufferSize}-publication buffer");

        foreach (var subscriber in new[] { first, second })
        {
            var push = subscriber.Fake.Sent.Single(m => m["push"] is not null);
            Assert.Equal("unsubscribed", (string)push["push"]!);
            Assert.Equal(_channel, (string)push["channel"]!);
            Assert.Equal(500, (int)push["code"]!);
            Assert.False(string.IsNullOrEmpty((string?)push["reason"]), push.ToJsonString());
            Assert.Equal([_channel], subscriber.Ended);
        }

        // Nothing is skipped silently: after the loss, nothing more goes out.
        delivery.Receive(published[^1] with { Offset = count + 1 });
        Assert.Empty(first.Fake.Offsets);
    }

    [Fact]
    public void PublicationOfANewEpoch_EndsTheSubscription()
    {
        var (delivery, subscriber) = Start(new ChannelPosition("old", 0));
        delivery.Receive(Publication("old", 1));
        delivery.Receive(Publication("new", 1));

        Assert.Equal([1L], subscriber.Fake.Offsets);
        Assert.Equal("unsubscribed", (string)subscriber.Fake.Sent[^1]["push"]!);
        Assert.Equal([_channel], subscriber.Ended);
        Assert.True(delivery.IsLost);
    }

    [Fact]
    public void RenewalThatFindsANewEpoch_EndsTheSubscription()
    {
        var (delivery, subscriber) = Start(new ChannelPosition("old", 4));
        delivery.Reconcile(new ChannelPosition("new", 0));

        Assert.Equal("unsubscribed", (string)subscriber.Fake.Sent.Single(m => m["push"] is not null)["push"]!);
        Assert.Equal([_channel], subscriber.Ended);
        Assert.True(delivery.IsLost);
    }

    [Fact]
    public void PublicationsArrivingBeforeTheAttachCompletes_AreDeliveredFromThePositionOn()
    {
        var delivery = new ChannelDelivery(_channel, Adapter(), Options(), _time);
        var subscriber = new FakeSubscriber();

        // The grain fans out to an edge as soon as it is attached, so publications can overtake the attach reply.
        delivery.Receive(Publication("e1", 6));
        delivery.Receive(Publication("e1", 5));
        delivery.Start(new ChannelPosition("e1", 4));
        var startsAfter = -1L;
        delivery.Add(subscriber, (_, offset) => startsAfter = offset);
        delivery.Receive(Publication("e1", 7));

        Assert.Equal(6, startsAfter);
        Assert.Equal([7L], subscriber.Fake.Offsets);
        Assert.Equal(0, _time.PendingTimers);
    }

    [Fact]
    public void PublicationOfAnOlderEpochArrivingBeforeTheAttach_IsNotDeliveredAsTheNewOne()
    {
        var delivery = new ChannelDelivery(_channel, Adapter(), Options(), _time);
        var subscriber = new FakeSubscriber();

        // In flight from the channel's previous activation when the new attach found a new epoch.
        delivery.Receive(Publication("old", 5) with { Data = "\"old\"" });
        delivery.Start(new ChannelPosition("new", 4));
        var startsAfter = -1L;
        delivery.Add(subscriber, (_, offset) => startsAfter = offset);
        delivery.Receive(Publication("new", 5) with { Data = "\"new\"" });

        Assert.True(startsAfter == 4, $"the channel was at offset 4, yet the subscribe reply says {startsAfter}");
        Assert.Equal(["\"new\""], subscriber.Fake.Messages.Select(m => m["data"]!.ToJsonString()));
    }

    [Fact]
    public async Task StalePublicationFromBeforeTheAttach_IsDropped_AndLeavesNoGapFillRunning()
    {
        var (delivery, subscriber, published) = await StartAfterStalePublicationAsync();
        delivery.Receive(published[1]);
        Assert.Equal([2L], subscriber.Fake.Offsets);

        // Nothing is missing: the gap wait must pass without a fetch.
        _time.Advance(GapWait);
        Assert.True(_grains.Ranges.Count == 0, "nothing is missing, yet the gap wait fetched " + string.Join(", ", _grains.Ranges));
    }

    [Fact]
    public async Task StalePublicationFromBeforeTheAttach_DoesNotBlockGapFill()
    {
        var (delivery, subscriber, published) = await StartAfterStalePublicationAsync();
        delivery.Receive(published[1]);
        delivery.Receive(published[3]);
        Assert.Equal([2L], subscriber.Fake.Offsets);

        // Offset 3 never arrives: gap fill must fetch it. Time moves on a gap wait at each poll.
        try
        {
            await Eventually.TrueAsync(
                () =>
                {
                    _time.Advance(GapWait);
                    return subscriber.Fake.Offsets.Count == 3;
                },
                "offset 3 to be fetched from the grain after the gap wait, then 4",
                TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message}; delivered {string.Join(", ", subscriber.Fake.Offsets)}; fetched {_grains.Ranges.Count} ranges: {string.Join(", ", _grains.Ranges.Distinct())}", timeout);
        }

        Assert.Equal([2L, 3, 4], subscriber.Fake.Offsets);
    }

    /// <summary>
    /// Offset 1 was in flight from an earlier attachment of this edge (unsubscribe, then subscribe
    /// again at once) and arrives before the new attach, which found the channel at offset 1.
    /// </summary>
    private async Task<(ChannelDelivery Delivery, FakeSubscriber Subscriber, ChannelPublication[] Published)> StartAfterStalePublicationAsync()
    {
        var published = await PublishAsync(4);
        var delivery = new ChannelDelivery(_channel, Adapter(), Options(), _time);
        var subscriber = new FakeSubscriber();
        delivery.Receive(published[0]);
        delivery.Start(new ChannelPosition(published[0].Epoch, 1));
        delivery.Add(subscriber, (_, _) => { });
        return (delivery, subscriber, published);
    }

    private (ChannelDelivery Delivery, FakeSubscriber Subscriber) Start(ChannelPosition position)
    {
        var delivery = new ChannelDelivery(_channel, Adapter(), Options(), _time);
        delivery.Start(position);
        var subscriber = new FakeSubscriber();
        delivery.Add(subscriber, (epoch, offset) => subscriber.Fake.Send($"{{\"reply\":\"reply {epoch} {offset}\"}}"));
        return (delivery, subscriber);
    }

    private ClusterAdapter Adapter() => new(_grains, new EdgeIdentity());

    private static RealtimeOptions Options() => new() { GapWait = GapWait };

    private ChannelPublication Publication(string epoch, long offset) =>
        new(_channel, epoch, offset, offset.ToString(CultureInfo.InvariantCulture), "client", "user");

    /// <summary>Publishes offsets 1 to <paramref name="count"/> through the grain (no edge attached); returns those it still buffers.</summary>
    private async Task<ChannelPublication[]> PublishAsync(int count)
    {
        var grain = cluster.Channel(_channel);
        for (var i = 1; i <= count; i++)
        {
            await grain.PublishAsync(new PublishRequest(i.ToString(CultureInfo.InvariantCulture), "publisher", string.Empty));
        }

        var range = await grain.GetRangeAsync(Math.Max(1, count - TwoEdgeFixture.RecentBufferSize + 1), count, null);
        Assert.True(range.Complete, "the grain should still hold its most recent publications");
        return range.Publications;
    }
}
