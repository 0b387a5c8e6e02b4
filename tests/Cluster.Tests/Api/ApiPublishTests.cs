using System.Text.Json.Nodes;
using static Realtime.Cluster.Tests.Api.ApiFixture;

namespace Realtime.Cluster.Tests.Api;

/// <summary><c>POST /api/publish</c> and <c>/api/broadcast</c>: the cluster path of a client's publish, without its permissions.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiPublishTests(ApiFixture cluster)
{
    [Fact]
    public async Task Publish_ReachesASubscriberOnTheOtherEdge_WithoutFrom()
    {
        // Clients may not publish to news at all: the server may.
        var channel = Channel("news");
        await using var subscriber = await ConnectAsync(cluster.B);
        await SubscribeAsync(subscriber, channel);
        using var api = new ApiClient(cluster.A);

        var first = (await api.PostAsync("/api/publish", new JsonObject { ["channel"] = channel, ["data"] = new JsonObject { ["text"] = "hello" } })).Ok();
        var second = (await api.PostAsync("/api/publish", new JsonObject { ["channel"] = channel, ["data"] = 2 })).Ok();

        Assert.Equal(1, (long)first["offset"]!);
        Assert.Equal(2, (long)second["offset"]!);
        Assert.False(string.IsNullOrEmpty((string?)first["epoch"]));
        Assert.Equal((string?)first["epoch"], (string?)second["epoch"]);
        await subscriber.WaitForPushesAsync(_ => Messages(subscriber, channel).Count == 2, "both API publications on edge B");
        var messages = Messages(subscriber, channel);
        Assert.Equal("hello", (string?)messages[0]["data"]!["text"]);
        Assert.Equal(1, (long)messages[0]["offset"]!);
        Assert.Equal(2, (long)messages[1]["data"]!);
        Assert.All(messages, m => Assert.Null(m["from"]));
    }

    [Fact]
    public async Task Publish_ToAnUnknownNamespace_Is404_AndOverTheNamespaceSize_Is413()
    {
        using var api = new ApiClient(cluster.A);
        (await api.PostAsync("/api/publish", new JsonObject { ["channel"] = "nowhere:x", ["data"] = 1 })).AssertError(404, "unknown channel namespace \"nowhere\"");
        (await api.PostAsync("/api/publish", new JsonObject { ["channel"] = "nocolon", ["data"] = 1 })).AssertError(404, "unknown channel namespace \"default\"");
        (await api.PostAsync("/api/publish", new JsonObject { ["channel"] = Channel("small"), ["data"] = new string('x', SmallMessageBytes) })).AssertError(413, "\"data\" is over 16 bytes");
        (await api.PostAsync("/api/publish", new JsonObject { ["channel"] = "$users:alice", ["data"] = 1 })).AssertError(400, "\"$users:alice\" is a user presence channel");
        (await api.PostAsync("/api/publish", new JsonObject { ["channel"] = "chat:bad name", ["data"] = 1 })).AssertError(400, "a channel name may only hold");
    }

    [Fact]
    public async Task Broadcast_PublishesToEachChannel_AndAnswersEachOnItsOwn()
    {
        var onA = Channel("chat");
        var onB = Channel("news");
        await using var clientA = await ConnectAsync(cluster.A);
        await using var clientB = await ConnectAsync(cluster.B);
        await SubscribeAsync(clientA, onA);
        await SubscribeAsync(clientB, onB);
        using var api = new ApiClient(cluster.B, NewKey);

        var body = new JsonObject { ["channels"] = new JsonArray(onA, onB, "nowhere:x", Channel("small")), ["data"] = new JsonObject { ["n"] = 12345678, ["text"] = "over sixteen bytes" } };
        var results = (await api.PostAsync("/api/broadcast", body)).Ok()["results"]!.AsArray();

        Assert.Equal(4, results.Count);
        Assert.Equal(onA, (string?)results[0]!["channel"]);
        Assert.Equal(1, (long)results[0]!["offset"]!);
        Assert.Equal(onB, (string?)results[1]!["channel"]);
        Assert.Equal(1, (long)results[1]!["offset"]!);
        Assert.False(string.IsNullOrEmpty((string?)results[1]!["epoch"]));
        Assert.Null(results[1]!["error"]);
        Assert.Equal(404, (int)results[2]!["error"]!["code"]!);
        Assert.Null(results[2]!["offset"]);
        Assert.Equal(413, (int)results[3]!["error"]!["code"]!);
        await clientA.WaitForPushesAsync(_ => Messages(clientA, onA).Count == 1, "the broadcast on edge A");
        await clientB.WaitForPushesAsync(_ => Messages(clientB, onB).Count == 1, "the broadcast on edge B");
        Assert.Equal(12345678, (int)Messages(clientB, onB)[0]["data"]!["n"]!);
    }

    [Fact]
    public async Task Broadcast_WithoutAListOfChannels_Is400()
    {
        using var api = new ApiClient(cluster.A);
        (await api.PostAsync("/api/broadcast", """{"channels":"news:x","data":1}""")).AssertError(400, "\"channels\" must be an array of strings, not a string");
        (await api.PostAsync("/api/broadcast", """{"channels":["news:x",3],"data":1}""")).AssertError(400, "\"channels\"[1] must be a string, not a number");
        (await api.PostAsync("/api/broadcast", """{"channels":[],"data":1}""")).AssertError(400, "\"channels\" is empty");
        (await api.PostAsync("/api/broadcast", """{"channels":["news:x"]}""")).AssertError(400, "\"data\" is required");
    }
}
