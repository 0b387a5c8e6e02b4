using System.Text.Json.Nodes;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests.Webhooks;

/// <summary>
/// A namespace's publish proxy: the app's endpoint (a real Kestrel receiver) approves, rewrites or refuses
/// each client publication, and a failing or silent proxy is handled by the namespace's failure policy.
/// A subscriber on the other edge shows what actually went out.
/// </summary>
[Collection(WebhookCollection.Name)]
public sealed class PublishProxyTests(WebhookFixture cluster)
{
    [Fact]
    public async Task Approved_GoesOutUnchanged_AndTheProxySawASignedRequestWithChannelClientAndData()
    {
        var (channel, publisher, subscriber) = await OpenAsync("pxapprove");
        await using (publisher)
        await using (subscriber)
        {
            var reply = await PublishAsync(publisher, channel, new JsonObject { ["text"] = "hello" });
            Assert.True(reply["ok"] is not null, reply.ToJsonString());

            var message = await NextMessageAsync(subscriber, channel);
            Assert.Equal("hello", (string?)message["data"]?["text"]);
            var asked = cluster.Receiver.ProxyRequests.Single(r => (string?)JsonNode.Parse(r.Body)!["channel"] == channel);
            Assert.Equal(UserWebhookTests.Signature(asked.Body), asked.Signature);
            var body = JsonNode.Parse(asked.Body)!;
            Assert.Equal("hello", (string?)body["data"]?["text"]);
            Assert.Equal(publisher.ClientId, (string?)body["client"]);
        }
    }

    [Fact]
    public async Task Rewritten_GoesOutAsTheAppRewroteIt()
    {
        var (channel, publisher, subscriber) = await OpenAsync("pxrewrite");
        await using (publisher)
        await using (subscriber)
        {
            var reply = await PublishAsync(publisher, channel, new JsonObject { ["text"] = "hello" });
            Assert.True(reply["ok"] is not null, reply.ToJsonString());

            var message = await NextMessageAsync(subscriber, channel);
            Assert.Equal("hello", (string?)message["data"]?["rewritten"]?["text"]);
        }
    }

    [Theory]
    [InlineData("pxrefuse", 403, "banned word")]
    [InlineData("pxteapot", 403, "short and stout")]
    [InlineData("pxhuge", 413, "publish proxy")]
    [InlineData("pxfail", 500, "correlation id")]
    [InlineData("pxgarbage", 500, "correlation id")]
    [InlineData("pxhang", 500, "correlation id")]
    public async Task Refused_OrProxyFailedUnderReject_IsAnErrorToThePublisher_AndNothingGoesOut(string ns, int code, string messagePart)
    {
        var (channel, publisher, subscriber) = await OpenAsync(ns);
        await using (publisher)
        await using (subscriber)
        {
            var reply = await PublishAsync(publisher, channel, new JsonObject { ["text"] = "refused" });
            Assert.Equal(code, (int?)reply["error"]?["code"]);
            Assert.Contains(messagePart, (string?)reply["error"]?["message"], StringComparison.Ordinal);

            // The session is unharmed, and nothing went out: the channel's position has not moved.
            Assert.True((await publisher.RequestAsync("ping"))["ok"] is not null);
            var position = await publisher.RequestAsync("subscribe", r => r["channel"] = channel);
            Assert.Equal(0, (long?)position["ok"]?["offset"]);
            Assert.DoesNotContain(subscriber.Pushes, p => (string?)p["push"] == "message");
        }
    }

    [Theory]
    [InlineData("pxfailallow")]
    [InlineData("pxhangallow")]
    public async Task ProxyFailedUnderAllow_GoesOutUnchanged(string ns)
    {
        var (channel, publisher, subscriber) = await OpenAsync(ns);
        await using (publisher)
        await using (subscriber)
        {
            var reply = await PublishAsync(publisher, channel, new JsonObject { ["text"] = "allowed" });
            Assert.True(reply["ok"] is not null, reply.ToJsonString());

            var message = await NextMessageAsync(subscriber, channel);
            Assert.Equal("allowed", (string?)message["data"]?["text"]);
        }
    }

    private async Task<(string Channel, RealtimeClient Publisher, RealtimeClient Subscriber)> OpenAsync(string ns)
    {
        var channel = ns + ":" + Guid.NewGuid().ToString("N")[..8];
        var publisher = await RealtimeClient.ConnectAsync(cluster.A.Url + "/realtime");
        var subscriber = await RealtimeClient.ConnectAsync(cluster.B.Url + "/realtime");
        var subscribed = await subscriber.RequestAsync("subscribe", r => r["channel"] = channel);
        Assert.True(subscribed["ok"] is not null, subscribed.ToJsonString());
        return (channel, publisher, subscriber);
    }

    private static Task<JsonObject> PublishAsync(RealtimeClient client, string channel, JsonObject data) =>
        client.RequestAsync("publish", r => { r["channel"] = channel; r["data"] = data; });

    private static async Task<JsonObject> NextMessageAsync(RealtimeClient subscriber, string channel)
    {
        await subscriber.WaitForPushesAsync(p => p.Any(m => (string?)m["push"] == "message" && (string?)m["channel"] == channel), "the publication on " + channel);
        return subscriber.Pushes.First(m => (string?)m["push"] == "message" && (string?)m["channel"] == channel);
    }
}
