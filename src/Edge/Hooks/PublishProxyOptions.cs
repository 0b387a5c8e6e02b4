namespace Realtime.Edge.Hooks;

/// <summary>
/// The key the edge signs publish proxy requests with: <c>Webhooks:Secret</c>, the same the app checks
/// webhooks with, so the app keeps one secret for everything the cluster sends it.
/// </summary>
public sealed class PublishProxyOptions
{
    /// <summary>The HMAC-SHA256 key of <c>X-Realtime-Signature</c>; requests go unsigned without it.</summary>
    public string? Secret { get; set; }
}
