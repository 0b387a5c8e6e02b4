using Realtime.Grains;

namespace Realtime.Edge.Cluster;

/// <summary>
/// How a channel's publications reach this edge besides the attach (<c>Channels:Delivery</c>). The hub
/// opens a feed before it attaches a channel (so nothing published after the attach position is missed)
/// and closes it when the channel's last local subscriber leaves. Whatever the feed delivers goes to
/// <see cref="LocalHub.OnPublication"/>, so ordering and gap filling are the same for every feed.
/// </summary>
internal interface IChannelFeed
{
    /// <summary>Starts delivering <paramref name="channel"/>'s publications to <paramref name="onPublication"/> for <paramref name="owner"/>.</summary>
    Task OpenAsync(string channel, object owner, Action<ChannelPublication> onPublication);

    /// <summary>Stops what <see cref="OpenAsync"/> started for <paramref name="owner"/>; idempotent, never throws.</summary>
    Task CloseAsync(object owner);

    /// <summary>Closes every feed, for a graceful shutdown.</summary>
    Task CloseAllAsync();
}
