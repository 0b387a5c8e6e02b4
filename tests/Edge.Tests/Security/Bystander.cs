using System.Text.Json.Nodes;
using Realtime.Edge.Tests.Protocol;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Security;

/// <summary>A well-behaved client, run after each abuse: it must still connect and exchange messages on the same edge.</summary>
internal static class Bystander
{
    /// <summary>An xhr-polling echo session and a realtime WebSocket client that publishes to itself, both from 127.0.0.1.</summary>
    public static Task AssertUnharmedAsync(SecurityFixture fixture) => AssertUnharmedAsync(fixture.Demo, fixture.Realtime);

    /// <summary>The same on another edge: <paramref name="demo"/> is an echo service, <paramref name="realtime"/> the realtime one.</summary>
    public static async Task AssertUnharmedAsync(string demo, string realtime)
    {
        var session = SecurityFixture.NewSession(demo);
        var origin = ("Origin", SecurityFixture.AllowedOrigin);
        SockJsAssert.Body(await RawHttp.PostAsync(session + "/xhr", null, origin), "o\n");
        SockJsAssert.Status(await RawHttp.PostAsync(session + "/xhr_send", "[\"still fine\"]", origin), 204);
        SockJsAssert.Body(await RawHttp.PostAsync(session + "/xhr", null, origin), "a[\"still fine\"]\n");

        await using var client = await RealtimeClient.ConnectAsync(realtime);
        var channel = "bystander:" + Guid.NewGuid().ToString("N")[..8];
        Assert.NotNull((await client.RequestAsync("subscribe", r => r["channel"] = channel))["ok"]);
        Assert.NotNull((await client.RequestAsync("publish", r =>
        {
            r["channel"] = channel;
            r["data"] = "hello";
        }))["ok"]);
        await client.WaitForPushesAsync(p => p.Any(m => (string?)m["push"] == "message" && (string?)m["data"] == "hello"), "the bystander's own publication");
    }

    /// <summary>The frame's messages parsed as JSON objects (realtime replies and pushes).</summary>
    public static IEnumerable<JsonObject> Messages(string frame) =>
        frame.StartsWith('a')
            ? System.Text.Json.JsonSerializer.Deserialize<string[]>(frame.TrimEnd('\n')[1..])!.Select(m => JsonNode.Parse(m)!.AsObject())
            : [];
}
