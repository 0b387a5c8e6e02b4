using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Realtime.Edge.Auth;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests.Api;

/// <summary>
/// Two co-hosted edges in one cluster with the server API on: two unrestricted keys (a rotation in
/// progress) and one limited to the <c>news</c> and <c>room</c> namespaces; namespaces by name only, so
/// any other is unknown (404); users connect with tokens, and anonymous connections are allowed too.
/// </summary>
public sealed class ApiFixture() : TwoEdgeCluster("api-" + Guid.NewGuid().ToString("N")[..8], Settings)
{
    public const string Secret = "api-test-token-secret-of-at-least-thirty-two-bytes";
    public const string OldKey = "old-api-key-0123456789abcdefghijklmnopqrstuvwxyz";
    public const string NewKey = "new-api-key-0123456789abcdefghijklmnopqrstuvwxyz";
    public const string NewsKey = "news-only-api-key-0123456789abcdefghijklmnopqrstu";
    public const int MaxRequestBytes = 4096;
    public const int SmallMessageBytes = 16;
    public const int MaxHistoryLimit = 4;

    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        // No catch-all namespace: a channel outside those below is unknown.
        ["Namespaces:*:Anonymous"] = null,
        ["Namespaces:*:Authenticated"] = null,
        ["Namespaces:*:ClientPublish"] = null,

        ["Auth:HmacSecret"] = Secret,
        ["Realtime:RenewInterval"] = "00:00:01",
        ["Realtime:MaxHistoryLimit"] = "4",
        // Long enough that a loaded machine never lets a live edge drop out of the registry mid-test.
        ["Channels:EdgeLease"] = "00:00:15",

        ["Api:Keys:0:Key"] = OldKey,
        ["Api:Keys:1:Key"] = NewKey,
        ["Api:Keys:2:Key"] = NewsKey,
        ["Api:Keys:2:Namespaces:0"] = "news",
        ["Api:Keys:2:Namespaces:1"] = "room",
        ["Api:MaxRequestBytes"] = "4096",

        // Clients may only subscribe here: publishing is the server's.
        ["Namespaces:news:Anonymous"] = "Subscribe",
        ["Namespaces:news:Authenticated"] = "Subscribe",
        ["Namespaces:chat:Anonymous"] = "Subscribe",
        ["Namespaces:chat:Authenticated"] = "Subscribe, Publish",
        ["Namespaces:chat:ClientPublish"] = "true",
        ["Namespaces:room:Authenticated"] = "Subscribe, Presence",
        ["Namespaces:room:Anonymous"] = "Subscribe, Presence",
        ["Namespaces:room:Presence"] = "true",
        ["Namespaces:hist:Anonymous"] = "Subscribe, History",
        ["Namespaces:hist:HistorySize"] = "10",
        ["Namespaces:small:Anonymous"] = "Subscribe",
        ["Namespaces:small:MaxMessageBytes"] = "16",
        ["Namespaces:quiet:Anonymous"] = "Subscribe",

        // User presence for the server only: no client op.
        ["Namespaces:$users:Presence"] = "true",
    };

    public static string Channel(string ns) => ns + ":" + Guid.NewGuid().ToString("N")[..10];

    public static string NewUser(string name) => name + "-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A client connected to <paramref name="edge"/>: as <paramref name="user"/> with a token, anonymous when null.</summary>
    public static async Task<RealtimeClient> ConnectAsync(EdgeServer edge, string? user = null)
    {
        if (user is null)
        {
            return await RealtimeClient.ConnectAsync(edge.Url + "/realtime");
        }

        var client = await RealtimeClient.OpenAsync(edge.Url + "/realtime");
        var token = TokenCommand.Create(
            new Dictionary<string, string> { ["sub"] = user, ["ttl"] = "1h", ["secret"] = Secret },
            new ConfigurationBuilder().Build(),
            DateTimeOffset.UtcNow);
        var reply = await client.RequestAsync("connect", r => r["token"] = token);
        if (reply["ok"] is null)
        {
            await client.DisposeAsync();
            throw new InvalidOperationException("connect failed: " + reply.ToJsonString());
        }

        return client;
    }

    /// <summary>Subscribes and fails unless the reply is ok.</summary>
    public static async Task SubscribeAsync(RealtimeClient client, string channel)
    {
        var reply = await client.RequestAsync("subscribe", r => r["channel"] = channel);
        Assert.True(reply["ok"] is not null, $"subscribe to {channel}: {reply.ToJsonString()}");
    }

    /// <summary>The <c>message</c> pushes of <paramref name="channel"/> received so far.</summary>
    public static IReadOnlyList<JsonObject> Messages(RealtimeClient client, string channel) =>
        [.. client.Pushes.Where(p => (string?)p["push"] == "message" && (string?)p["channel"] == channel)];
}
