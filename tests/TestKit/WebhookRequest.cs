using System.Text.Json.Nodes;

namespace Realtime.TestKit;

/// <summary>One webhook request as received: the raw body, its signature header and the status it got.</summary>
public sealed record WebhookRequest(byte[] Body, string Signature, int Status)
{
    /// <summary>The request's events.</summary>
    public IReadOnlyList<JsonObject> Events => [.. JsonNode.Parse(Body)!["events"]!.AsArray().Select(e => e!.AsObject())];
}
