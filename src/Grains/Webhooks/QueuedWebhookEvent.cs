namespace Realtime.Grains.Webhooks;

/// <summary>An event in a shard's queue, with the id it keeps across retries so the app can deduplicate.</summary>
/// <param name="Id">Unique event id.</param>
/// <param name="Event">The event.</param>
public sealed record QueuedWebhookEvent(string Id, WebhookEvent Event);
