using System.Text.Json.Nodes;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests.State;

/// <summary>The keyed-state requests and what the state tests read from replies and pushes.</summary>
internal static class StateOps
{
    public static Task<JsonObject> Set(RealtimeClient client, string channel, string key, JsonNode? value, Action<JsonObject>? more = null) =>
        client.RequestAsync("set", r =>
        {
            r["channel"] = channel;
            r["key"] = key;
            r["value"] = value;
            more?.Invoke(r);
        });

    public static Task<JsonObject> Patch(RealtimeClient client, string channel, string key, JsonNode? patch, Action<JsonObject>? more = null) =>
        client.RequestAsync("patch", r =>
        {
            r["channel"] = channel;
            r["key"] = key;
            r["patch"] = patch;
            more?.Invoke(r);
        });

    public static Task<JsonObject> Delete(RealtimeClient client, string channel, string key, Action<JsonObject>? more = null) =>
        client.RequestAsync("delete", r =>
        {
            r["channel"] = channel;
            r["key"] = key;
            more?.Invoke(r);
        });

    public static Task<JsonObject> Read(RealtimeClient client, string channel, string? cursor = null) =>
        client.RequestAsync("state", r =>
        {
            r["channel"] = channel;
            if (cursor is not null)
            {
                r["cursor"] = cursor;
            }
        });

    public static JsonObject Ok(JsonObject reply) =>
        reply["ok"]?.AsObject() ?? throw new Xunit.Sdk.XunitException("expected ok, got " + reply.ToJsonString());

    /// <summary>The pushes of <paramref name="channel"/> (messages and state), in arrival order.</summary>
    public static List<JsonObject> Of(IEnumerable<JsonObject> pushes, string channel) =>
        [.. pushes.Where(p => (string?)p["channel"] == channel && (string?)p["push"] is "state" or "message")];

    public static IEnumerable<JsonObject> StatePushes(IEnumerable<JsonObject> pushes, string channel, string? key = null) =>
        Of(pushes, channel).Where(p => (string?)p["push"] == "state" && (key is null || (string?)p["key"] == key));

    /// <summary>The <c>state</c> object of a reply as key → (value JSON, version).</summary>
    public static Dictionary<string, (string Value, long Version)> Entries(JsonNode? state) =>
        state!.AsObject().ToDictionary(e => e.Key, e => (e.Value!["value"]?.ToJsonString() ?? "null", (long)e.Value["version"]!));

    public static void AssertSameJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}, got {actual?.ToJsonString() ?? "null"}");
}
