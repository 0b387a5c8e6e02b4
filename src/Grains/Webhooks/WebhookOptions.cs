namespace Realtime.Grains.Webhooks;

/// <summary>Where and how the cluster tells the app what happened: the <c>Webhooks</c> configuration section, read by silos.</summary>
public sealed class WebhookOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Webhooks";

    /// <summary>The app's endpoint (http or https); null or empty turns webhooks off. <value>Default off.</value></summary>
    public Uri? Url { get; set; }

    /// <summary>The HMAC-SHA256 key of <c>X-Realtime-Signature</c>; at least 32 bytes when <see cref="Url"/> is set.</summary>
    public string? Secret { get; set; }

    /// <summary>
    /// The events sent: <c>channel.occupied</c>, <c>channel.vacated</c>, <c>member.added</c>, <c>member.removed</c>,
    /// <c>client.published</c> (only for namespaces with <c>PublishWebhook</c> on), <c>user.connected</c>,
    /// <c>user.disconnected</c>. Null sends all; binding appends to a list, so there is no default list to append to.
    /// <value>Default all.</value>
    /// </summary>
    public string[]? Events { get; set; }

    /// <summary>How long a shard gathers events before it sends them as one request. <value>Default 50 ms.</value></summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Most events in one request. <value>Default 100.</value></summary>
    public int MaxBatch { get; set; } = 100;

    /// <summary>Most events a shard holds; past it new events are dropped, counted and logged. <value>Default 10,000.</value></summary>
    public int MaxQueue { get; set; } = 10_000;

    /// <summary>Queue shards (grains); more spread the load over silos, fewer batch more. Every silo must agree. <value>Default 8.</value></summary>
    public int Shards { get; set; } = 8;

    /// <summary>How long one request may take before it counts as failed. <value>Default 5 s.</value></summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The first retry's delay; each failure doubles it, with jitter, up to <see cref="MaxBackoff"/>. <value>Default 500 ms.</value></summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest delay between retries. <value>Default 60 s.</value></summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether <paramref name="name"/> is to be sent.</summary>
    public bool Sends(string name) => Url is not null && (Events is null || Events.Contains(name, StringComparer.Ordinal));
}
