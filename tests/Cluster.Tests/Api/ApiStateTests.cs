using System.Text.Json.Nodes;
using Realtime.TestKit;
using static Realtime.Cluster.Tests.Api.ApiFixture;

namespace Realtime.Cluster.Tests.Api;

/// <summary><c>POST /api/state</c> and <c>GET /api/state</c>: the server writes and reads a channel's keyed state, and subscribers on every edge see the changes.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiStateTests(ApiFixture cluster)
{
    [Fact]
    public async Task SetPatchDelete_ReachASubscriberOnTheOtherEdge_AndTheStateReadsBack()
    {
        var channel = Channel("kv");
        await using var subscriber = await ConnectAsync(cluster.B);
        await SubscribeAsync(subscriber, channel);
        using var api = new ApiClient(cluster.A);

        var set = (await api.PostAsync("/api/state", new JsonObject { ["op"] = "set", ["channel"] = channel, ["key"] = "score", ["value"] = new JsonObject { ["home"] = 1, ["away"] = 0 } })).Ok();
        var patched = (await api.PostAsync("/api/state", new JsonObject { ["op"] = "patch", ["channel"] = channel, ["key"] = "score", ["patch"] = new JsonObject { ["away"] = 2 }, ["ifVersion"] = (long)set["version"]! })).Ok();
        (await api.PostAsync("/api/state", new JsonObject { ["op"] = "set", ["channel"] = channel, ["key"] = "gone", ["value"] = true })).Ok();
        (await api.PostAsync("/api/state", new JsonObject { ["op"] = "delete", ["channel"] = channel, ["key"] = "gone" })).Ok();
        Assert.True((long)patched["offset"]! > (long)set["offset"]!);

        await subscriber.WaitForPushesAsync(p => p.Count(m => (string?)m["push"] == "state") >= 4, "four state pushes on the other edge");
        var pushes = subscriber.Pushes.Where(m => (string?)m["push"] == "state").ToList();
        Assert.Equal(["score", "score", "gone", "gone"], pushes.Select(p => (string?)p["key"]));
        Assert.Equal(2, (int?)pushes[1]["value"]?["away"]);
        Assert.True((bool?)pushes[3]["removed"]);

        var state = (await api.GetAsync("/api/state?channel=" + Uri.EscapeDataString(channel))).Ok();
        Assert.Equal(1, (int?)state["state"]?["score"]?["value"]?["home"]);
        Assert.Equal((long)patched["version"]!, (long?)state["state"]?["score"]?["version"]);
        Assert.Null(state["state"]?["gone"]);
    }

    [Fact]
    public async Task AStaleIfVersion_Is409WithTheCurrentVersion_AndARetriedWriteIsAppliedOnce()
    {
        var channel = Channel("kv");
        using var api = new ApiClient(cluster.A);
        var first = (await api.PostAsync("/api/state", new JsonObject { ["op"] = "set", ["channel"] = channel, ["key"] = "k", ["value"] = 1, ["idempotencyKey"] = "write-1" })).Ok();
        var retried = (await api.PostAsync("/api/state", new JsonObject { ["op"] = "set", ["channel"] = channel, ["key"] = "k", ["value"] = 1, ["idempotencyKey"] = "write-1" })).Ok();
        Assert.Equal((long)first["offset"]!, (long)retried["offset"]!);

        var conflict = await api.PostAsync("/api/state", new JsonObject { ["op"] = "set", ["channel"] = channel, ["key"] = "k", ["value"] = 2, ["ifVersion"] = 999 });
        Assert.Equal(409, (int)conflict.Status);
        Assert.Equal((long)first["version"]!, (long?)conflict.Json["error"]?["version"]);
    }

    [Theory]
    [InlineData("{\"op\":\"put\",\"channel\":\"kv:x\",\"key\":\"k\",\"value\":1}", 400, "\"op\" must be set, patch or delete")]
    [InlineData("{\"op\":\"set\",\"channel\":\"kv:x\",\"value\":1}", 400, "\"key\" is required")]
    [InlineData("{\"op\":\"set\",\"channel\":\"kv:x\",\"key\":\"k\"}", 400, "\"value\" is required")]
    [InlineData("{\"op\":\"set\",\"channel\":\"kv:x\",\"key\":\"k\",\"value\":1,\"ifVersion\":\"1\"}", 400, "\"ifVersion\" must be")]
    [InlineData("{\"op\":\"set\",\"channel\":\"kv:x\",\"key\":\"k\",\"value\":1,\"ttl\":-1}", 400, "\"ttl\" must be")]
    [InlineData("{\"op\":\"delete\",\"channel\":\"kv:x\",\"key\":\"k\",\"ttl\":5}", 400, "\"ttl\" does not apply")]
    [InlineData("{\"op\":\"set\",\"channel\":\"kv:x\",\"key\":\"k\",\"value\":1,\"extra\":1}", 400, "")]
    [InlineData("{\"op\":\"set\",\"channel\":\"chat:x\",\"key\":\"k\",\"value\":1}", 400, "namespace \"chat\" keeps no state")]
    [InlineData("{\"op\":\"set\",\"channel\":\"nowhere:x\",\"key\":\"k\",\"value\":1}", 404, "unknown channel namespace")]
    [InlineData("{\"op\":\"set\",\"channel\":\"kv:x\",\"key\":\"k\",\"value\":\"0123456789012345678901234567890123456789012345678901234567890123456789\"}", 413, "\"value\" is over 64 bytes")]
    public async Task BadWrites_GetAPreciseError(string body, int code, string messageStart)
    {
        using var api = new ApiClient(cluster.A);
        (await api.PostAsync("/api/state", body)).AssertError(code, messageStart);
    }

    [Fact]
    public async Task ANamespaceLimitedKey_MayNotWriteOrReadStateOutsideItsNamespaces()
    {
        using var api = new ApiClient(cluster.A, NewsKey);
        (await api.PostAsync("/api/state", new JsonObject { ["op"] = "set", ["channel"] = Channel("kv"), ["key"] = "k", ["value"] = 1 })).AssertError(403, "this API key may not act on namespace \"kv\"");
        (await api.GetAsync("/api/state?channel=" + Channel("kv"))).AssertError(403, "this API key may not act on namespace \"kv\"");
        (await api.GetAsync("/api/state")).AssertError(400, "the \"channel\" query parameter is required");
    }
}
