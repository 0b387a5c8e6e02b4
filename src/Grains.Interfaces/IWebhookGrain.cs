using Orleans.Concurrency;

namespace Realtime.Grains;

/// <summary>
/// One shard of the webhook queue, keyed by shard number: events of every channel and user hashed to it,
/// delivered in the order they were enqueued, in batches, at least once.
/// </summary>
[Alias("realtime.webhooks")]
public interface IWebhookGrain : IGrainWithIntegerKey
{
    /// <summary>Queues events in order. Returns at once; delivery happens in the background with retries.</summary>
    [AlwaysInterleave]
    [Alias("enqueue")]
    Task EnqueueAsync(WebhookEvent[] events);
}
