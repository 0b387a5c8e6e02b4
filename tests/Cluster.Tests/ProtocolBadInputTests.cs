using System.Text.Json.Nodes;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests;

/// <summary>
/// Malformed, unauthorised, oversized and out-of-order requests: each gets its precise error, the
/// session keeps working, and another client on the same channel is unaffected.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ProtocolBadInputTests(ClusterFixture cluster)
{
    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"op\":\"ping\"}")]
    [InlineData("{\"id\":0,\"op\":\"ping\"}")]
    [InlineData("{\"id\":-3,\"op\":\"ping\"}")]
    [InlineData("{\"id\":\"7\",\"op\":\"ping\"}")]
    [InlineData("{\"id\":1.5,\"op\":\"ping\"}")]
    public async Task UnreadableRequest_GetsAnError400WithoutId_AndTheSessionGoesOn(string raw)
    {
        await using var client = await RealtimeClient.ConnectAsync(cluster.Realtime);
        await client.SendRawAsync(raw);
        await client.WaitForPushesAsync(p => p.Any(m => m["error"] is not null), "an error for " + raw);
        var error = client.Pushes.Single(m => m["error"] is not null);
        Assert.Null(error["id"]);
        Assert.Equal(400, (int)error["error"]!["code"]!);
        Assert.NotNull((await client.RequestAsync("ping"))["ok"]);
    }

    [Fact]
    public async Task MissingOrUnknownOp_Is400()
    {
        await using var client = await RealtimeClient.ConnectAsync(cluster.Realtime);
        await client.SendRawAsync("{\"id\":50}");
        await client.WaitForPushesAsync(p => p.Any(m => (int?)m["id"] == 50), "the reply to a request without op");
        Assert.Equal(400, ErrorCode(client.Pushes.Single(m => (int?)m["id"] == 50)));
        Assert.Equal(400, ErrorCode(await client.RequestAsync("teleport")));
        Assert.NotNull((await client.RequestAsync("ping"))["ok"]);
    }

    [Fact]
    public async Task OpsBeforeConnect_Are401_AndConnectTwiceIs409()
    {
        await using var client = await RealtimeClient.OpenAsync(cluster.Realtime);
        Assert.Equal(401, ErrorCode(await client.RequestAsync("subscribe", r => r["channel"] = "bad:early")));
        Assert.Equal(401, ErrorCode(await client.RequestAsync("publish", r => { r["channel"] = "bad:early"; r["data"] = 1; })));
        Assert.Equal(401, ErrorCode(await client.RequestAsync("ping")));
        Assert.Equal(401, ErrorCode(await client.RequestAsync("history", r => r["channel"] = "bad:early")));
        Assert.Equal(401, ErrorCode(await client.RequestAsync("presence", r => r["channel"] = "bad:early")));
        Assert.Equal(401, ErrorCode(await client.RequestAsync("refresh", r => r["token"] = "x")));
        Assert.NotNull((await client.RequestAsync("connect"))["ok"]);
        Assert.Equal(409, ErrorCode(await client.RequestAsync("connect")));
        Assert.NotNull((await client.RequestAsync("ping"))["ok"]);

        // An anonymous connection has no token to refresh; a token of the wrong type is malformed.
        Assert.Equal(400, ErrorCode(await client.RequestAsync("refresh", r => r["token"] = "x")));
        Assert.Equal(400, ErrorCode(await client.RequestAsync("refresh", r => r["token"] = 5)));
        Assert.NotNull((await client.RequestAsync("ping"))["ok"]);

        await using var other = await RealtimeClient.OpenAsync(cluster.Realtime);
        Assert.Equal(400, ErrorCode(await other.RequestAsync("connect", r => r["token"] = 5)));
        Assert.NotNull((await other.RequestAsync("connect"))["ok"]);
    }

    [Fact]
    public async Task OpsRefusedBeforeConnect_LeaveNoTrace()
    {
        var channel = Channel();
        await using var client = await RealtimeClient.OpenAsync(cluster.Realtime);
        Assert.Equal(401, ErrorCode(await client.RequestAsync("subscribe", r => r["channel"] = channel)));
        Assert.Equal(401, ErrorCode(await client.RequestAsync("publish", r => { r["channel"] = channel; r["data"] = 1; })));
        Assert.Equal(401, ErrorCode(await client.RequestAsync("unsubscribe", r => r["channel"] = channel)));
        Assert.Equal(401, ErrorCode(await client.RequestAsync("teleport")));
        Assert.NotNull((await client.RequestAsync("connect"))["ok"]);

        // Not subscribed by the refused subscribe, and nothing was published by the refused publish.
        var subscribed = await client.RequestAsync("subscribe", r => r["channel"] = channel);
        Assert.Equal(0, (long)subscribed["ok"]!["offset"]!);
        Assert.Empty(client.Pushes);
    }

    [Theory]
    [InlineData("{\"id\":5,\"op\":5}")]
    [InlineData("{\"id\":5,\"op\":null}")]
    [InlineData("{\"id\":5,\"op\":[\"ping\"]}")]
    public async Task OpThatIsNotAString_Is400_WithTheRequestId(string raw)
    {
        await using var client = await RealtimeClient.ConnectAsync(cluster.Realtime);
        await client.SendRawAsync(raw);
        await client.WaitForPushesAsync(p => p.Any(m => m["error"] is not null), "an error for " + raw);
        var error = client.Pushes.Single(m => m["error"] is not null);
        Assert.Equal(5, (int)error["id"]!);
        Assert.Equal(400, ErrorCode(error));
        Assert.NotNull((await client.RequestAsync("ping"))["ok"]);
    }

    [Fact]
    public async Task SubscribeTwiceOrUnsubscribeUnknown_Is409()
    {
        await using var client = await RealtimeClient.ConnectAsync(cluster.Realtime);
        var channel = Channel();
        Assert.NotNull((await client.RequestAsync("subscribe", r => r["channel"] = channel))["ok"]);
        Assert.Equal(409, ErrorCode(await client.RequestAsync("subscribe", r => r["channel"] = channel)));
        Assert.Equal(409, ErrorCode(await client.RequestAsync("unsubscribe", r => r["channel"] = "bad:never")));
        Assert.NotNull((await client.RequestAsync("unsubscribe", r => r["channel"] = channel))["ok"]);
        Assert.Equal(409, ErrorCode(await client.RequestAsync("unsubscribe", r => r["channel"] = channel)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("quote\"d")]
    [InlineData("é")]
    [InlineData("new\nline")]
    public async Task IllegalChannelName_Is400(string channel)
    {
        await using var client = await RealtimeClient.ConnectAsync(cluster.Realtime);
        Assert.Equal(400, ErrorCode(await client.RequestAsync("subscribe", r => r["channel"] = channel)));
        Assert.Equal(400, ErrorCode(await client.RequestAsync("publish", r => { r["channel"] = channel; r["data"] = 1; })));
    }

    [Fact]
    public async Task ChannelNameOverTheLimit_Is400_AndAtTheLimitIsFine()
    {
        await using var client = await RealtimeClient.ConnectAsync(cluster.Realtime);
        Assert.Equal(400, ErrorCode(await client.RequestAsync("subscribe", r => r["channel"] = new string('c', 256))));
        Assert.NotNull((await client.RequestAsync("subscribe", r => r["channel"] = "x:" + Guid.NewGuid().ToString("N") + new string('c', 221)))["ok"]);
    }

    [Fact]
    public async Task MissingOrMistypedFields_Are400()
    {
        await using var client = await RealtimeClient.ConnectAsync(cluster.Realtime);
        Assert.Equal(400, ErrorCode(await client.RequestAsync("subscribe")));
        Assert.Equal(400, ErrorCode(await client.RequestAsync("subscribe", r => r["channel"] = 42)));
        Assert.Equal(400, ErrorCode(await client.RequestAsync("publish", r => r["channel"] = Channel())));
    }

    [Fact]
    public async Task DataOverTheLimit_Is413_AndNothingIsPublished_AndOtherSubscribersCarryOn()
    {
        var channel = Channel();
        await using var subscriber = await RealtimeClient.ConnectAsync(cluster.Realtime);
        await using var publisher = await RealtimeClient.ConnectAsync(cluster.Realtime);
        Assert.NotNull((await subscriber.RequestAsync("subscribe", r => r["channel"] = channel))["ok"]);

        Assert.Equal(413, ErrorCode(await publisher.RequestAsync("publish", r => { r["channel"] = channel; r["data"] = new string('x', 2000); })));
        var ok = await publisher.RequestAsync("publish", r => { r["channel"] = channel; r["data"] = "small"; });
        Assert.Equal(1, (long)ok["ok"]!["offset"]!);
        await subscriber.WaitForPushesAsync(p => p.Any(m => (string?)m["push"] == "message"), "the small message");
        var message = Assert.Single(subscriber.Pushes, m => (string?)m["push"] == "message");
        Assert.Equal("small", (string)message["data"]!);
        Assert.Equal(1, (long)message["offset"]!);
    }

    [Fact]
    public async Task DataAtTheLimit_IsPublished_OneByteMoreIs413()
    {
        var channel = Channel();
        await using var client = await RealtimeClient.ConnectAsync(cluster.Realtime);

        // The limit (1024 in this fixture) counts the bytes of data's JSON text, quotes included.
        Assert.Equal(413, ErrorCode(await client.RequestAsync("publish", r => { r["channel"] = channel; r["data"] = new string('x', 1023); })));
        var ok = await client.RequestAsync("publish", r => { r["channel"] = channel; r["data"] = new string('x', 1022); });
        Assert.Equal(1, (long)ok["ok"]!["offset"]!);
        Assert.NotNull((await client.RequestAsync("ping"))["ok"]);
    }

    [Fact]
    public async Task BadInputFromOneClient_DoesNotDisturbAnotherOnTheSameChannel()
    {
        var channel = Channel();
        await using var good = await RealtimeClient.ConnectAsync(cluster.Realtime);
        await using var bad = await RealtimeClient.ConnectAsync(cluster.Realtime);
        Assert.NotNull((await good.RequestAsync("subscribe", r => r["channel"] = channel))["ok"]);
        Assert.NotNull((await bad.RequestAsync("subscribe", r => r["channel"] = channel))["ok"]);
        await bad.SendRawAsync("{{{");
        await bad.SendRawAsync("{\"id\":9,\"op\":\"subscribe\",\"channel\":\"" + channel + "\"}");
        for (var i = 1; i <= 20; i++)
        {
            var n = i;
            Assert.NotNull((await bad.RequestAsync("publish", r => { r["channel"] = channel; r["data"] = n; }))["ok"]);
        }

        await good.WaitForPushesAsync(p => p.Count(m => (string?)m["push"] == "message") == 20, "20 messages for the well-behaved client");
        Assert.Equal(Enumerable.Range(1, 20), good.Pushes.Where(m => (string?)m["push"] == "message").Select(m => (int)m["data"]!));
    }

    /// <summary>The error's code, once it is checked to have the contract's shape: <c>{"code": N, "message": "..."}</c>.</summary>
    private static int ErrorCode(JsonObject reply)
    {
        var error = reply["error"] as JsonObject ?? throw new Xunit.Sdk.XunitException("expected an error, got " + reply.ToJsonString());
        Assert.Null(reply["ok"]);
        Assert.False(string.IsNullOrEmpty((string?)error["message"]), "an error has a message: " + reply.ToJsonString());
        return (int)error["code"]!;
    }

    private static string Channel() => "bad:" + Guid.NewGuid().ToString("N")[..12];
}
