using System.Text.Json.Nodes;
using static Realtime.Cluster.Tests.Api.ApiFixture;

namespace Realtime.Cluster.Tests.Api;

/// <summary>Who may call the API: <c>Authorization: apikey &lt;key&gt;</c> with a configured key, limited to its namespaces.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiKeyTests(ApiFixture cluster)
{
    private const string Missing = "missing \"Authorization: apikey <key>\" header";
    private const string Invalid = "invalid API key";

    public static TheoryData<string?, string> Unauthorized => new()
    {
        { null, Missing },
        { "apikey", Missing },
        { "apikey ", Missing },
        { "Bearer " + OldKey, Missing },
        { "apikey" + OldKey, Missing },
        { "apikey " + OldKey + "x", Invalid },
        { "apikey " + OldKey[..^1], Invalid },
        { "apikey wrong", Invalid },
    };

    [Theory]
    [MemberData(nameof(Unauthorized))]
    public async Task MissingOrWrongKey_Is401_BeforeTheBodyIsRead(string? authorization, string message)
    {
        using var api = new ApiClient(cluster.A, key: null);
        foreach (var path in new[] { "/api/publish", "/api/disconnect" })
        {
            // A body the API would refuse too: the key is checked first.
            var response = await api.SendAsync(HttpMethod.Post, path, new StringContent("not json"), authorization);
            response.AssertError(401, message);
            Assert.Equal("apikey", response.WwwAuthenticate);
        }

        (await api.SendAsync(HttpMethod.Get, "/api/info", null, authorization)).AssertError(401, message);
    }

    [Fact]
    public async Task BothKeysOfARotation_Work_AndTheSchemeIsCaseInsensitive()
    {
        var channel = Channel("chat");
        using var old = new ApiClient(cluster.A, OldKey);
        using var renewed = new ApiClient(cluster.B, NewKey);
        Assert.Equal(1, (long)(await old.PostAsync("/api/publish", new JsonObject { ["channel"] = channel, ["data"] = 1 })).Ok()["offset"]!);
        Assert.Equal(2, (long)(await renewed.PostAsync("/api/publish", new JsonObject { ["channel"] = channel, ["data"] = 2 })).Ok()["offset"]!);

        using var raw = new ApiClient(cluster.A, key: null);
        (await raw.SendAsync(HttpMethod.Get, "/api/info", null, "ApiKey " + NewKey)).Ok();
    }

    [Fact]
    public async Task ANamespaceLimitedKey_Is403OutsideItsNamespaces()
    {
        using var limited = new ApiClient(cluster.A, NewsKey);
        var news = Channel("news");
        Assert.Equal(1, (long)(await limited.PostAsync("/api/publish", new JsonObject { ["channel"] = news, ["data"] = 1 })).Ok()["offset"]!);

        (await limited.PostAsync("/api/publish", new JsonObject { ["channel"] = Channel("chat"), ["data"] = 1 })).AssertError(403, "this API key may not act on namespace \"chat\"");

        // Refused before the namespace is looked up: a limited key learns nothing of other namespaces.
        (await limited.PostAsync("/api/publish", new JsonObject { ["channel"] = "nowhere:x", ["data"] = 1 })).AssertError(403, "this API key may not act on namespace \"nowhere\"");
        (await limited.GetAsync("/api/history?channel=" + Channel("hist"))).AssertError(403, "this API key may not act on namespace \"hist\"");
        (await limited.GetAsync("/api/presence?channel=$users:someone")).AssertError(403, "this API key may not act on namespace \"$users\"");
        (await limited.PostAsync("/api/unsubscribe", new JsonObject { ["user"] = "u", ["channel"] = Channel("chat") })).AssertError(403, "this API key may not act on namespace \"chat\"");

        // User-wide and cluster-wide endpoints need a key without limits.
        (await limited.PostAsync("/api/disconnect", new JsonObject { ["user"] = "u" })).AssertError(403, "this API key is limited to namespaces (news, room)");
        (await limited.GetAsync("/api/info")).AssertError(403, "this API key is limited to namespaces (news, room)");

        // A broadcast answers for each channel.
        var results = (await limited.PostAsync("/api/broadcast", new JsonObject { ["channels"] = new JsonArray(Channel("news"), Channel("chat")), ["data"] = 1 })).Ok()["results"]!.AsArray();
        Assert.Null(results[0]!["error"]);
        Assert.Equal(403, (int)results[1]!["error"]!["code"]!);
    }

    [Fact]
    public async Task ANamespaceLimitedKey_SeesOnlyItsNamespacesChannels()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        await using var client = await ConnectAsync(cluster.B);
        await SubscribeAsync(client, "news:" + suffix);
        await SubscribeAsync(client, "chat:" + suffix);

        using var limited = new ApiClient(cluster.A, NewsKey);
        var listed = (await limited.GetAsync("/api/channels")).Ok()["channels"]!.AsArray().Select(c => (string)c!["channel"]!).ToList();
        Assert.Contains("news:" + suffix, listed);
        Assert.DoesNotContain("chat:" + suffix, listed);
        Assert.All(listed, c => Assert.True(c.StartsWith("news:", StringComparison.Ordinal) || c.StartsWith("room:", StringComparison.Ordinal), c));
    }
}
