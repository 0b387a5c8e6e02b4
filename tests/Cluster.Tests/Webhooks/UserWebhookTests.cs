using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Realtime.Cluster.Tests.Auth;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests.Webhooks;

/// <summary><c>user.connected</c> and <c>user.disconnected</c>, signed, batched and retried, from a real cluster to a real receiver.</summary>
[Collection(WebhookCollection.Name)]
public sealed class UserWebhookTests(WebhookFixture cluster)
{
    [Fact]
    public async Task FirstAndLastConnectionOfAUser_AcrossEdges_AreEachAnnouncedOnce_WithAValidSignature()
    {
        var user = "hook-" + Guid.NewGuid().ToString("N")[..8];
        var onA = await ConnectAsync(cluster.A, user);
        await WaitForAsync(user, "user.connected", 1);
        var onB = await ConnectAsync(cluster.B, user);
        await onA.DisposeAsync();
        await onB.DisposeAsync();
        await WaitForAsync(user, "user.disconnected", 1);

        Assert.Equal(["user.connected", "user.disconnected"], Of(user).Select(e => (string)e["name"]!));
        Assert.All(cluster.Receiver.Requests, r => Assert.Equal(Signature(r.Body), r.Signature));
        var connected = Of(user)[0];
        Assert.False(string.IsNullOrEmpty((string?)connected["id"]));
        Assert.InRange((long)connected["time"]!, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task ARequestAnswered500_IsRetried_WithTheSameEventIds_UntilAccepted()
    {
        var user = "retry-" + Guid.NewGuid().ToString("N")[..8];
        cluster.Receiver.FailNext(2);
        var client = await ConnectAsync(cluster.A, user);
        await WaitForAsync(user, "user.connected", 1);
        await client.DisposeAsync();
        await WaitForAsync(user, "user.disconnected", 1);

        bool IsConnected(JsonObject e) => (string?)e["data"]?["user"] == user && (string?)e["name"] == "user.connected";
        var attempts = cluster.Receiver.Requests.Where(r => r.Events.Any(IsConnected)).ToList();
        Assert.Equal([500, 500, 200], attempts.Select(r => r.Status).Take(3));
        var ids = attempts.Select(r => (string)r.Events.Single(IsConnected)["id"]!).Distinct().ToList();
        Assert.Single(ids);
    }

    [Fact]
    public async Task EventsWithinTheBatchWindow_ShareOneRequest()
    {
        var users = Enumerable.Range(0, 5).Select(i => "batch-" + i + "-" + Guid.NewGuid().ToString("N")[..6]).ToArray();
        var clients = await Task.WhenAll(users.Select(u => ConnectAsync(cluster.A, u)));
        try
        {
            foreach (var user in users)
            {
                await WaitForAsync(user, "user.connected", 1);
            }

            var requests = cluster.Receiver.Requests.Where(r => r.Status == 200 && r.Events.Any(e => users.Contains((string?)e["data"]?["user"]))).ToList();
            Assert.True(requests.Count < users.Length, $"5 events within the batch window took {requests.Count} requests");
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }

        // Nothing of this test stays queued to take another test's programmed failures.
        foreach (var user in users)
        {
            await WaitForAsync(user, "user.disconnected", 1);
        }
    }

    internal static async Task<RealtimeClient> ConnectAsync(EdgeServer edge, string user)
    {
        var client = await RealtimeClient.OpenAsync(edge.Url + "/realtime");
        var reply = await client.RequestAsync("connect", r => r["token"] = AuthFixture.Token(user));
        Assert.True(reply["ok"] is not null, reply.ToJsonString());
        return client;
    }

    internal static string Signature(byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(WebhookFixture.Secret), body));

    private List<JsonObject> Of(string user) => [.. cluster.Receiver.Delivered.Where(e => (string?)e["data"]?["user"] == user)];

    private Task WaitForAsync(string user, string name, int count) =>
        Eventually.TrueAsync(() => Of(user).Count(e => (string?)e["name"] == name) >= count, $"{count} {name} event(s) of {user} at the receiver");
}
