namespace Realtime.Grains;

/// <summary>How a channel's publications travel from its grain to the attached edges (<c>Channels:Delivery</c>).</summary>
public enum ChannelDeliveryMode
{
    /// <summary>One one-way grain-observer call per attached edge (the default; measured the cheaper of the two).</summary>
    Observers,

    /// <summary>
    /// An Orleans memory stream per channel (provider <see cref="ChannelStreams.ProviderName"/>): the grain
    /// publishes to it and each edge subscribes while it has local subscribers. Silos and client edges must agree.
    /// </summary>
    Streams,
}
