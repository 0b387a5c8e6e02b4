namespace Realtime.Grains;

/// <summary>Something the app hears about through its webhook, before it is given an id and queued.</summary>
/// <param name="Name">The event name, e.g. <c>member.added</c> (see <c>docs/webhooks.md</c>).</param>
/// <param name="Key">The channel or user the event is about; events of one key are delivered in order.</param>
/// <param name="Time">When it happened, in Unix milliseconds.</param>
/// <param name="Data">The event's <c>data</c> object as JSON text.</param>
[GenerateSerializer, Immutable, Alias("realtime.webhook-event")]
public sealed record WebhookEvent(
    [property: Id(0)] string Name,
    [property: Id(1)] string Key,
    [property: Id(2)] long Time,
    [property: Id(3)] string Data);
