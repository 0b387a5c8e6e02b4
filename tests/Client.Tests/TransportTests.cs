using System.Text.Json;
using Realtime.Client.SockJs;

namespace Realtime.Client.Tests;

/// <summary>Each transport of the .NET client against a real two-edge cluster: published on edge A, received on edge B.</summary>
[Collection(ClientClusterCollection.Name)]
public sealed class TransportTests(ClientClusterFixture cluster)
{
    private const int Count = 60;

    [Theory]
    [InlineData(SockJsTransports.WebSocket)]
    [InlineData(SockJsTransports.XhrStreaming)]
    [InlineData(SockJsTransports.XhrPolling)]
    public async Task Subscriber_OnEachTransport_ReceivesOnEdgeB_EverythingPublishedOnEdgeA_InOrder(SockJsTransports transport)
    {
        var channel = ClientClusterFixture.NewChannel("resume");
        var received = new Received();
        await using var subscriber = new RealtimeClient(ClientClusterFixture.Options(ClientClusterFixture.Realtime(cluster.B), transport));
        await subscriber.ConnectAsync();
        Assert.Equal(transport, subscriber.Transport);
        var subscription = await subscriber.SubscribeAsync(channel, new SubscribeOptions { OnPublication = received.Add });
        Assert.Equal(SubscriptionState.Subscribed, subscription.State);

        await using var publisher = new RealtimeClient(ClientClusterFixture.Options(ClientClusterFixture.Realtime(cluster.A)));
        await publisher.ConnectAsync();
        for (var i = 1; i <= Count; i++)
        {
            Assert.Equal(i, await publisher.PublishAsync(channel, new { n = i, text = "é \u2028 \"quoted\"" }));
        }

        await received.WaitForAsync(Count, $"on edge B over {transport}");
        Assert.Equal(Enumerable.Range(1, Count).Select(i => (long)i), received.Offsets);
        Assert.Equal(Enumerable.Range(1, Count), received.Items.Select(p => p.Data.GetProperty("n").GetInt32()));
        Assert.All(received.Items, p => Assert.Equal("é \u2028 \"quoted\"", p.Data.GetProperty("text").GetString()));
        Assert.All(received.Items, p => Assert.Equal(publisher.ClientId, p.From?.Client));
        Assert.Equal(new StreamPosition(subscription.Position!.Value.Epoch, Count), subscription.Position);
    }

    [Theory]
    [InlineData(SockJsTransports.XhrStreaming)]
    [InlineData(SockJsTransports.XhrPolling)]
    public async Task Publisher_OnAnHttpTransport_BatchesConcurrentRequests_AndGetsEveryReply(SockJsTransports transport)
    {
        var channel = ClientClusterFixture.NewChannel("resume");
        await using var publisher = new RealtimeClient(ClientClusterFixture.Options(ClientClusterFixture.Realtime(cluster.A), transport));
        await publisher.ConnectAsync();

        // Sent at once: xhr_send carries several per request, and the replies still come back in order.
        var offsets = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => publisher.PublishAsync(channel, JsonSerializer.SerializeToElement(i))));
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), offsets.Order());

        var history = await publisher.HistoryAsync(channel);
        Assert.Equal(40, history.Publications.Count);
    }

    [Fact]
    public async Task BufferedSubscription_IsReadAsAnAsyncStream()
    {
        var channel = ClientClusterFixture.NewChannel("resume");
        await using var client = new RealtimeClient(ClientClusterFixture.Options(ClientClusterFixture.Realtime(cluster.B)));
        await client.ConnectAsync();
        var subscription = await client.SubscribeAsync(channel, new SubscribeOptions { Buffered = true });
        for (var i = 1; i <= 3; i++)
        {
            await client.PublishAsync(channel, i);
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = new List<int>();
        await foreach (var publication in subscription.ReadAllAsync(deadline.Token))
        {
            seen.Add(publication.Data.GetInt32());
            if (seen.Count == 3)
            {
                break;
            }
        }

        Assert.Equal([1, 2, 3], seen);
        await subscription.UnsubscribeAsync();
        Assert.Equal(SubscriptionState.Unsubscribed, subscription.State);
    }
}
