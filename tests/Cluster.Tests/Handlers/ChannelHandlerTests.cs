using System.Text.Json.Nodes;
using Realtime.Cluster.Tests.Webhooks;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests.Handlers;

/// <summary>
/// A namespace's handler grain (<see cref="TestChannelHandler"/>, namespace <c>hd</c>) on a real two-edge
/// cluster: it authorises and enriches subscribes, approves, rewrites or refuses publications, answers
/// <c>rpc</c> and hears joins and leaves. A throwing, hanging or garbling handler gives the client 500
/// with a correlation id and harms neither the session nor the channel.
/// </summary>
[Collection(WebhookCollection.Name)]
public sealed class ChannelHandlerTests(WebhookFixture cluster)
{
    [Fact]
    public async Task Subscribe_IsEnrichedByTheHandler_AndItHearsTheJoinAndTheLeave()
    {
        var user = "hd-" + Guid.NewGuid().ToString("N")[..8];
        var channel = "hd:room-" + user;
        await using var client = await UserWebhookTests.ConnectAsync(cluster.A, user);

        var reply = await client.RequestAsync("subscribe", r => { r["channel"] = channel; r["presence"] = new JsonObject { ["mood"] = "fine" }; });
        Assert.Equal(user, (string?)reply["ok"]?["data"]?["welcome"]);
        Assert.Equal("fine", (string?)reply["ok"]?["data"]?["presence"]?["mood"]);
        await Eventually.TrueAsync(() => TestChannelHandler.PresenceEvents.Contains($"join {channel} {user}"), "the handler to hear the join");

        Assert.True((await client.RequestAsync("unsubscribe", r => r["channel"] = channel))["ok"] is not null);
        await Eventually.TrueAsync(() => TestChannelHandler.PresenceEvents.Contains($"leave {channel} {user}"), "the handler to hear the leave");
    }

    [Fact]
    public async Task Subscribe_RefusedByTheHandler_GetsItsCodeAndMessage()
    {
        var user = "hd-" + Guid.NewGuid().ToString("N")[..8];
        await using var client = await UserWebhookTests.ConnectAsync(cluster.A, user);

        var reply = await client.RequestAsync("subscribe", r => r["channel"] = "hd:deny-" + user);
        Assert.Equal(403, (int?)reply["error"]?["code"]);
        Assert.Equal("no entry for " + user, (string?)reply["error"]?["message"]);
        Assert.DoesNotContain(TestChannelHandler.PresenceEvents, e => e.Contains("deny-" + user, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Publish_IsRewrittenOrRefused_AndARefusalLeavesTheChannelInOrder()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var channel = "hd:room-" + id;
        await using var publisher = await UserWebhookTests.ConnectAsync(cluster.A, "pub-" + id);
        await using var subscriber = await UserWebhookTests.ConnectAsync(cluster.B, "sub-" + id);
        Assert.True((await subscriber.RequestAsync("subscribe", r => r["channel"] = channel))["ok"] is not null);

        var refused = await publisher.RequestAsync("publish", r => { r["channel"] = channel; r["data"] = "a banned word"; });
        Assert.Equal(403, (int?)refused["error"]?["code"]);
        Assert.Equal("banned word", (string?)refused["error"]?["message"]);
        var accepted = await publisher.RequestAsync("publish", r => { r["channel"] = channel; r["data"] = "hello"; });
        Assert.Equal(1, (long?)accepted["ok"]?["offset"]);

        await subscriber.WaitForPushesAsync(p => p.Any(m => (string?)m["push"] == "message"), "the stamped publication on the other edge");
        var message = subscriber.Pushes.Single(m => (string?)m["push"] == "message");
        Assert.Equal(1, (long?)message["offset"]);
        Assert.Equal("hello", (string?)message["data"]?["text"]);
        Assert.True((bool?)message["data"]?["stamped"]);
    }

    [Theory]
    [InlineData("subscribe", "hd:throw-")]
    [InlineData("publish", "hd:throw-")]
    [InlineData("subscribe", "hd:hang-")]
    [InlineData("publish", "hd:hang-")]
    public async Task AThrowingOrHangingHandler_Gives500WithACorrelationId_AndTheSessionAndOtherChannelsWork(string op, string prefix)
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        await using var client = await UserWebhookTests.ConnectAsync(cluster.A, "bad-" + id);
        try
        {
            var reply = await client.RequestAsync(op, r => { r["channel"] = prefix + id; r["data"] = 1; });
            Assert.Equal(500, (int?)reply["error"]?["code"]);
            Assert.Contains("correlation id", (string?)reply["error"]?["message"], StringComparison.Ordinal);
        }
        finally
        {
            TestChannelHandler.Release();
        }

        Assert.True((await client.RequestAsync("ping"))["ok"] is not null);
        var fine = "hd:room-" + id;
        Assert.True((await client.RequestAsync("subscribe", r => r["channel"] = fine))["ok"] is not null);
        Assert.Equal(1, (long?)(await client.RequestAsync("publish", r => { r["channel"] = fine; r["data"] = "after"; }))["ok"]?["offset"]);
        await client.WaitForPushesAsync(p => p.Any(m => (string?)m["push"] == "message" && (string?)m["channel"] == fine), "a publication after the failure");
    }

    [Fact]
    public async Task Rpc_IsAnsweredByTheNamespacesHandler()
    {
        var user = "rpc-" + Guid.NewGuid().ToString("N")[..8];
        await using var client = await UserWebhookTests.ConnectAsync(cluster.B, user);

        var reply = await client.RequestAsync("rpc", r => { r["method"] = "hd:whois"; r["data"] = new JsonObject { ["q"] = 1 }; });
        Assert.Equal(user, (string?)reply["ok"]?["data"]?["user"]);
        Assert.Equal(1, (int?)reply["ok"]?["data"]?["asked"]?["q"]);
        Assert.False(string.IsNullOrEmpty((string?)reply["ok"]?["data"]?["client"]));
    }

    [Theory]
    [InlineData("{\"method\":\"hd:nope\"}", 404, "unknown rpc method")]
    [InlineData("{\"method\":\"pxapprove:whois\"}", 404, "unknown rpc method")]
    [InlineData("{\"method\":\"nowhere:whois\"}", 404, "unknown rpc method")]
    [InlineData("{\"method\":\"hd:teapot\"}", 403, "short and stout")]
    [InlineData("{\"method\":\"hd:boom\"}", 500, "correlation id")]
    [InlineData("{\"method\":\"hd:garbage\"}", 500, "correlation id")]
    [InlineData("{\"method\":\"hd:hang\"}", 500, "correlation id")]
    [InlineData("{}", 400, "method")]
    [InlineData("{\"method\":42}", 400, "method")]
    public async Task Rpc_BadOrFailing_GetsAPreciseError_AndTheSessionGoesOn(string fields, int code, string messagePart)
    {
        await using var client = await UserWebhookTests.ConnectAsync(cluster.A, "rpcbad-" + Guid.NewGuid().ToString("N")[..8]);
        JsonObject reply;
        try
        {
            var extra = JsonNode.Parse(fields)!.AsObject();
            reply = await client.RequestAsync("rpc", r =>
            {
                foreach (var (key, value) in extra.ToList())
                {
                    extra.Remove(key);
                    r[key] = value;
                }
            });
        }
        finally
        {
            TestChannelHandler.Release();
        }

        Assert.Equal(code, (int?)reply["error"]?["code"]);
        Assert.Contains(messagePart, (string?)reply["error"]?["message"], StringComparison.Ordinal);
        Assert.True((await client.RequestAsync("ping"))["ok"] is not null);
    }

    [Fact]
    public async Task Rpc_WithOversizedData_Is413_AndBeforeConnect_Is401()
    {
        await using var client = await UserWebhookTests.ConnectAsync(cluster.A, "rpcbig-" + Guid.NewGuid().ToString("N")[..8]);
        var big = await client.RequestAsync("rpc", r => { r["method"] = "hd:whois"; r["data"] = new string('x', 70_000); });
        Assert.Equal(413, (int?)big["error"]?["code"]);

        await using var stranger = await RealtimeClient.OpenAsync(cluster.A.Url + "/realtime");
        var early = await stranger.RequestAsync("rpc", r => r["method"] = "hd:whois");
        Assert.Equal(401, (int?)early["error"]?["code"]);
    }
}
