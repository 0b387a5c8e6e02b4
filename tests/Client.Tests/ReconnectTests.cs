using Realtime.Client.SockJs;
using Realtime.TestKit;

namespace Realtime.Client.Tests;

/// <summary>
/// Reconnect and resume: the server (or the network) ends the subscriber's connection while publications go on; the
/// client reconnects with backoff, gets a fresh token, subscribes again from its last offset and ends up with every
/// publication exactly once, in order.
/// </summary>
[Collection(ClientClusterCollection.Name)]
public sealed class ReconnectTests(ClientClusterFixture cluster)
{
    private const int Count = 200;

    [Theory]
    [InlineData(SockJsTransports.WebSocket)]
    [InlineData(SockJsTransports.XhrStreaming)]
    [InlineData(SockJsTransports.XhrPolling)]
    public async Task ServerClosesTheConnection_ClientReconnectsWithAFreshToken_AndResumesWithNothingLost(SockJsTransports transport)
    {
        var user = "sub-" + Guid.NewGuid().ToString("N")[..8];
        var tokens = 0;
        var options = ClientClusterFixture.Options(ClientClusterFixture.Realtime(cluster.B), transport);
        options.TokenProvider = _ =>
        {
            Interlocked.Increment(ref tokens);
            return ValueTask.FromResult<string?>(ClientClusterFixture.Token(user));
        };
        await using var subscriber = new RealtimeClient(options);
        var events = new List<string>();
        subscriber.Disconnected += (_, e) => { lock (events) { events.Add($"disconnected {e.Code} reconnecting={e.Reconnecting}"); } };
        subscriber.Connected += (_, e) => { lock (events) { events.Add($"connected reconnected={e.Reconnected}"); } };
        await subscriber.ConnectAsync();
        var tokensAtConnect = Volatile.Read(ref tokens);

        var channel = ClientClusterFixture.NewChannel("resume");
        var received = new Received();
        var resumed = new TaskCompletionSource<SubscribedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = await subscriber.SubscribeAsync(channel, new SubscribeOptions { OnPublication = received.Add });
        subscription.Subscribed += (_, e) => resumed.TrySetResult(e);

        await using var publisher = new RealtimeClient(ClientClusterFixture.Options(ClientClusterFixture.Realtime(cluster.A)));
        await publisher.ConnectAsync();
        var publishing = Task.Run(async () =>
        {
            for (var i = 1; i <= Count; i++)
            {
                await publisher.PublishAsync(channel, i);
                if (i % 10 == 0)
                {
                    await Task.Yield();
                }
            }
        });

        await received.WaitForAsync(20, "before the disconnect");
        await cluster.DisconnectAsync(user, code: 3000, reconnect: true);
        await publishing;

        var e = await Eventually.WithinAsync(resumed.Task, "the subscription to resume after the reconnect", TimeSpan.FromSeconds(30));
        Assert.True(e.Resumed);
        Assert.True(e.Recovered);
        await received.WaitForAsync(Count, "after the resume");
        Assert.Equal(Enumerable.Range(1, Count).Select(i => (long)i), received.Offsets);
        Assert.Equal(Enumerable.Range(1, Count), received.Items.Select(p => p.Data.GetInt32()));
        Assert.True(Volatile.Read(ref tokens) > tokensAtConnect, "the token provider was not asked again for the reconnect");
        lock (events)
        {
            Assert.Equal(["connected reconnected=False", "disconnected 3000 reconnecting=True", "connected reconnected=True"], events);
        }

        Assert.Equal(transport, subscriber.Transport);
        Assert.Equal(SubscriptionState.Subscribed, subscription.State);
    }

    [Fact]
    public async Task NetworkDrop_ClientReconnects_AndResumes()
    {
        await using var proxy = WebSocketRefusingProxy.Start(cluster.B.Port, refuseUpgrades: false);
        await using var subscriber = new RealtimeClient(ClientClusterFixture.Options(new Uri(proxy.Url + "/realtime")));
        var disconnected = new TaskCompletionSource<DisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        subscriber.Disconnected += (_, e) => disconnected.TrySetResult(e);
        await subscriber.ConnectAsync();
        var channel = ClientClusterFixture.NewChannel("resume");
        var received = new Received();
        var subscription = await subscriber.SubscribeAsync(channel, new SubscribeOptions { OnPublication = received.Add });
        var resumed = new TaskCompletionSource<SubscribedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        subscription.Subscribed += (_, e) => resumed.TrySetResult(e);

        await using var publisher = new RealtimeClient(ClientClusterFixture.Options(ClientClusterFixture.Realtime(cluster.A)));
        await publisher.ConnectAsync();
        await publisher.PublishAsync(channel, 1);
        await received.WaitForAsync(1, "before the drop");

        proxy.DropAll();
        var drop = await Eventually.WithinAsync(disconnected.Task, "the client to notice the dropped connection");
        Assert.True(drop.Reconnecting);
        Assert.Equal(SockJsCloseStatus.ConnectionLost, drop.Code);
        for (var i = 2; i <= 10; i++)
        {
            await publisher.PublishAsync(channel, i);
        }

        Assert.True((await Eventually.WithinAsync(resumed.Task, "the resume after the drop", TimeSpan.FromSeconds(30))).Recovered);
        await received.WaitForAsync(10, "after the resume");
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), received.Offsets);
    }

    [Fact]
    public async Task ResumeOutsideTheHistoryWindow_ReportsNotRecovered_AndStartsFromTheCurrentOffset()
    {
        var channel = ClientClusterFixture.NewChannel("hist");
        await using var client = new RealtimeClient(ClientClusterFixture.Options(ClientClusterFixture.Realtime(cluster.B)));
        await client.ConnectAsync();
        for (var i = 1; i <= 12; i++)
        {
            await client.PublishAsync(channel, i);
        }

        var epoch = (await client.HistoryAsync(channel, limit: 1)).Position.Epoch;
        var received = new Received();
        var subscription = await client.SubscribeAsync(channel, new SubscribeOptions { Since = new StreamPosition(epoch, 2), OnPublication = received.Add });

        Assert.False(subscription.Recovered);
        Assert.Empty(received.Items);
        Assert.Equal(new StreamPosition(epoch, 12), subscription.Position);

        await subscription.UnsubscribeAsync();
        var recent = new Received();
        var within = await client.SubscribeAsync(channel, new SubscribeOptions { Since = new StreamPosition(epoch, 12 - ClientClusterFixture.SmallHistory), OnPublication = recent.Add });
        Assert.True(within.Recovered);
        Assert.Equal(Enumerable.Range(8, ClientClusterFixture.SmallHistory).Select(i => (long)i), recent.Offsets);
    }

    [Fact]
    public async Task DisconnectThatForbidsReconnecting_EndsTheClient_AndTellsTheApp()
    {
        var user = "kicked-" + Guid.NewGuid().ToString("N")[..8];
        await using var client = new RealtimeClient(ClientClusterFixture.Options(ClientClusterFixture.Realtime(cluster.B)));
        var disconnected = new TaskCompletionSource<DisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Disconnected += (_, e) => disconnected.TrySetResult(e);
        await client.ConnectAsync(ClientClusterFixture.Token(user));

        await cluster.DisconnectAsync(user, code: 3002, reconnect: false);
        var e = await Eventually.WithinAsync(disconnected.Task, "the kick to reach the client");
        Assert.Equal(3002, e.Code);
        Assert.Equal("test", e.Reason);
        Assert.False(e.Reconnecting);
        Assert.Equal(RealtimeClientState.Disconnected, client.State);
    }

    [Fact]
    public async Task EdgeRestart_ClientComesBackOnTheSameAddress_AndResumesWhatWasPublishedMeanwhile()
    {
        // A third edge, an Orleans client of the fixture's silos, on a fixed port so that it can come back there.
        var port = FreePort.Next();
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["Cluster:Mode"] = "Client",
            ["Cluster:ClusterId"] = cluster.ClusterId,
            ["Cluster:GatewayPorts"] = cluster.A.App.Configuration["Cluster:GatewayPort"],

            // Renewing within the fixture silos' short edge lease.
            ["Realtime:RenewInterval"] = "00:00:01",
            ["Namespaces:resume:Anonymous"] = "Subscribe, Publish, History",
            ["Namespaces:resume:ClientPublish"] = "true",
            ["Namespaces:resume:HistorySize"] = "1000",
        };
        var edge = await EdgeServer.StartAsync(settings);
        try
        {
            var channel = ClientClusterFixture.NewChannel("resume");
            var received = new Received();
            await using var subscriber = new RealtimeClient(ClientClusterFixture.Options(new Uri(edge.Url + "/realtime"), SockJsTransports.XhrStreaming));
            var disconnected = new TaskCompletionSource<DisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
            subscriber.Disconnected += (_, e) => disconnected.TrySetResult(e);
            await subscriber.ConnectAsync();
            var subscription = await subscriber.SubscribeAsync(channel, new SubscribeOptions { OnPublication = received.Add });
            var resumed = new TaskCompletionSource<SubscribedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
            subscription.Subscribed += (_, e) => resumed.TrySetResult(e);

            await using var publisher = new RealtimeClient(ClientClusterFixture.Options(ClientClusterFixture.Realtime(cluster.A)));
            await publisher.ConnectAsync();
            await publisher.PublishAsync(channel, 1);
            await received.WaitForAsync(1, "before the restart");

            await edge.DisposeAsync();
            var drop = await Eventually.WithinAsync(disconnected.Task, "the client to hear its edge stop");
            Assert.True(drop.Reconnecting, $"not reconnecting after {drop.Code} {drop.Reason}");
            for (var i = 2; i <= 30; i++)
            {
                await publisher.PublishAsync(channel, i);
            }

            edge = await EdgeServer.StartAsync(settings);
            var e = await Eventually.WithinAsync(resumed.Task, "the subscription to resume on the restarted edge", TimeSpan.FromSeconds(30));
            Assert.True(e.Recovered);
            await received.WaitForAsync(30, "after the restart");
            Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), received.Offsets);
        }
        finally
        {
            await edge.DisposeAsync();
        }
    }
}
