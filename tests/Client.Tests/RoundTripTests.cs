using System.Text.Json;
using Realtime.Client.SockJs;
using Realtime.TestKit;

namespace Realtime.Client.Tests;

/// <summary>rpc, presence, history and refresh round trips over the .NET client, on both edges and every transport.</summary>
[Collection(ClientClusterCollection.Name)]
public sealed class RoundTripTests(ClientClusterFixture cluster)
{
    [Theory]
    [InlineData(SockJsTransports.WebSocket)]
    [InlineData(SockJsTransports.XhrPolling)]
    public async Task Rpc_ReachesTheNamespaceHandler_AndAnUnknownMethodIs404(SockJsTransports transport)
    {
        await using var client = new RealtimeClient(ClientClusterFixture.Options(ClientClusterFixture.Realtime(cluster.B), transport));
        await client.ConnectAsync();

        var result = await client.RpcAsync("rpc:echo", new { question = 42 });
        Assert.Equal(42, result.GetProperty("echo").GetProperty("question").GetInt32());
        Assert.Equal(client.ClientId, result.GetProperty("client").GetString());

        var error = await Assert.ThrowsAsync<RealtimeException>(() => client.RpcAsync("rpc:nope"));
        Assert.Equal(404, error.Code);
        Assert.StartsWith("rpc failed: 404", error.Message, StringComparison.Ordinal);
        await client.PingAsync();
    }

    [Fact]
    public async Task Presence_ListsMembersOnBothEdges_AndJoinAndLeaveArrive()
    {
        var channel = ClientClusterFixture.NewChannel("room");
        await using var alice = new RealtimeClient(ClientClusterFixture.Options(ClientClusterFixture.Realtime(cluster.A)));
        await using var bob = new RealtimeClient(ClientClusterFixture.Options(ClientClusterFixture.Realtime(cluster.B), SockJsTransports.XhrStreaming));
        await alice.ConnectAsync();
        await bob.ConnectAsync();
        var joined = new List<string>();
        var left = new List<string>();
        var aliceSubscription = await alice.SubscribeAsync(channel, new SubscribeOptions { Presence = JsonSerializer.SerializeToElement(new { name = "alice" }) });
        aliceSubscription.Joined += (_, m) => { lock (joined) { joined.Add(m.Client); } };
        aliceSubscription.Left += (_, m) => { lock (left) { left.Add(m.Client); } };
        var bobSubscription = await bob.SubscribeAsync(channel, new SubscribeOptions { Presence = JsonSerializer.SerializeToElement(new { name = "bob" }) });

        await Eventually.TrueAsync(() => { lock (joined) { return joined.Contains(bob.ClientId!); } }, "alice to see bob join from the other edge");
        var presence = await alice.PresenceAsync(channel);
        Assert.Equal(2, presence.Total);
        Assert.Equal(["alice", "bob"], presence.Members.Select(m => m.Data!.Value.GetProperty("name").GetString()).Order());
        Assert.Null(presence.Next);

        await bobSubscription.UnsubscribeAsync();
        await Eventually.TrueAsync(() => { lock (left) { return left.Contains(bob.ClientId!); } }, "alice to see bob leave");
        Assert.Equal(1, (await bob.PresenceAsync(channel)).Total);
    }

    [Fact]
    public async Task History_ReturnsTheWindow_AndWhatFollowsAPosition()
    {
        var channel = ClientClusterFixture.NewChannel("resume");
        await using var client = new RealtimeClient(ClientClusterFixture.Options(ClientClusterFixture.Realtime(cluster.A)));
        await client.ConnectAsync();
        for (var i = 1; i <= 5; i++)
        {
            await client.PublishAsync(channel, new { i });
        }

        var all = await client.HistoryAsync(channel);
        Assert.Equal(5, all.Position.Offset);
        Assert.Null(all.Recovered);
        Assert.Equal([1, 2, 3, 4, 5], all.Publications.Select(p => p.Data.GetProperty("i").GetInt32()));
        Assert.All(all.Publications, p => Assert.Equal(client.ClientId, p.From?.Client));

        var after = await client.HistoryAsync(channel, new StreamPosition(all.Position.Epoch, 3), limit: 10);
        Assert.True(after.Recovered);
        Assert.Equal([4L, 5L], after.Publications.Select(p => p.Offset));
    }

    [Fact]
    public async Task RefreshRequired_AsksTheTokenProvider_AndTheConnectionStays()
    {
        var user = "refresh-" + Guid.NewGuid().ToString("N")[..8];
        var asked = 0;
        var options = ClientClusterFixture.Options(ClientClusterFixture.Realtime(cluster.B));
        options.TokenProvider = _ =>
        {
            // Short-lived tokens keep the server asking; after three, a long one lets the connection settle.
            var n = Interlocked.Increment(ref asked);
            return ValueTask.FromResult<string?>(ClientClusterFixture.Token(user, n < 3 ? "3m" : "1h"));
        };
        await using var client = new RealtimeClient(options);
        await client.ConnectAsync();
        Assert.Equal(user, client.User);

        // The fixture's refresh lead is longer than a short token's life: refresh-required comes at once, and again
        // after each refresh with another short token; every one is answered with a new token from the provider.
        await Eventually.TrueAsync(() => Volatile.Read(ref asked) >= 3, "the provider to be asked for refreshed tokens");
        Assert.Equal(RealtimeClientState.Connected, client.State);
        await client.PingAsync();
        var expires = await client.RefreshAsync(ClientClusterFixture.Token(user, "2m"));
        Assert.NotNull(expires);
    }

    [Fact]
    public async Task BadToken_FailsConnectWith401()
    {
        await using var client = new RealtimeClient(ClientClusterFixture.Options(ClientClusterFixture.Realtime(cluster.A)));
        var error = await Assert.ThrowsAsync<RealtimeException>(() => client.ConnectAsync("not.a.token"));
        Assert.Equal(401, error.Code);
        Assert.Equal(RealtimeClientState.Disconnected, client.State);
    }

    [Fact]
    public async Task RefusedSubscribe_ThrowsWithTheServersCode_AndLeavesNoSubscription()
    {
        await using var client = new RealtimeClient(ClientClusterFixture.Options(ClientClusterFixture.Realtime(cluster.A)));
        await client.ConnectAsync();
        var error = await Assert.ThrowsAsync<RealtimeException>(() => client.SubscribeAsync("resume:not allowed!"));
        Assert.Equal(400, error.Code);

        // Nothing was left behind: the same channel can be tried again.
        var channel = ClientClusterFixture.NewChannel("resume");
        await client.SubscribeAsync(channel);
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.SubscribeAsync(channel));
    }

    [Theory]
    [InlineData(SockJsTransports.WebSocket)]
    [InlineData(SockJsTransports.XhrStreaming)]
    public async Task CancelledRequests_LeaveTheConnectionUsable(SockJsTransports transport)
    {
        var channel = ClientClusterFixture.NewChannel("resume");
        await using var client = new RealtimeClient(ClientClusterFixture.Options(ClientClusterFixture.Realtime(cluster.A), transport));
        var disconnects = 0;
        client.Disconnected += (_, _) => Interlocked.Increment(ref disconnects);
        await client.ConnectAsync();

        // Cancelled while being sent or while waiting for the reply: either way only the request is given up.
        var attempts = Enumerable.Range(0, 50).Select(async i =>
        {
            using var cancel = new CancellationTokenSource();
            var publish = client.PublishAsync(channel, i, cancel.Token);
            cancel.Cancel();
            try
            {
                await publish;
            }
            catch (OperationCanceledException)
            {
                // Expected for most of them.
            }
        });
        await Task.WhenAll(attempts);

        await client.PingAsync();
        Assert.Equal(RealtimeClientState.Connected, client.State);
        Assert.Equal(0, Volatile.Read(ref disconnects));
    }
}
