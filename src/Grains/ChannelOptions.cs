namespace Realtime.Grains;

/// <summary>Options of every channel grain, from the <c>Channels</c> configuration section.</summary>
public sealed class ChannelOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Channels";

    /// <summary>
    /// How long an edge stays attached without renewing. An edge that crashed is dropped from every
    /// channel within this time. Edges renew at a third of it. <value>Default 30 s.</value>
    /// </summary>
    public TimeSpan EdgeLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Publications kept per channel for edges to fill gaps from. <value>Default 1,024.</value></summary>
    public int RecentBufferSize { get; set; } = 1024;

    /// <summary>
    /// How long a channel remembers the result of a keyed-state write that carried an idempotency key, so a retry
    /// within it is not applied twice. <value>Default 5 minutes.</value>
    /// </summary>
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most idempotency keys a channel remembers; past it the oldest are forgotten first. <value>Default 10,000.</value></summary>
    public int MaxIdempotencyKeys { get; set; } = 10_000;

    /// <summary>
    /// How publications reach edges: <c>Observers</c> or <c>Streams</c> (see <see cref="ChannelDeliveryMode"/>).
    /// Every silo and client edge of a cluster must use the same. <value>Default <c>Observers</c>.</value>
    /// </summary>
    public ChannelDeliveryMode Delivery { get; set; } = ChannelDeliveryMode.Observers;
}
