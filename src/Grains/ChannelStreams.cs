using Orleans.Runtime;

namespace Realtime.Grains;

/// <summary>Names shared by the channel grain and the edges when channels deliver through Orleans streams.</summary>
public static class ChannelStreams
{
    /// <summary>The stream provider (a memory provider) on every silo and client edge.</summary>
    public const string ProviderName = "realtime";

    /// <summary>Storage the provider's pub-sub rendezvous grains keep subscriptions in (memory storage).</summary>
    public const string PubSubStorageName = "PubSubStore";

    /// <summary>Stream namespace of channel streams.</summary>
    public const string Namespace = "channel";

    /// <summary>The stream of <paramref name="channel"/>: one per channel, keyed by its name.</summary>
    public static StreamId Id(string channel) => StreamId.Create(Namespace, channel);
}
