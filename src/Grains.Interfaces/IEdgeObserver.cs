using Orleans.Concurrency;

namespace Realtime.Grains;

/// <summary>
/// An edge's receiver of channel fan-out. One call per publication per edge (never per session);
/// the edge orders by offset and hands the same encoded bytes to its local subscribers.
/// </summary>
/// <remarks>One-way and unacknowledged: Orleans may reorder or lose a call, so edges detect gaps
/// by offset and fetch them from <see cref="IChannelGrain.GetRangeAsync"/>.</remarks>
[Alias("realtime.edge-observer")]
public interface IEdgeObserver : IGrainObserver
{
    /// <summary>A publication of a channel this edge is attached to.</summary>
    [OneWay]
    [Alias("on-publication")]
    Task OnPublicationAsync(ChannelPublication publication);

    /// <summary>A member joined or left a channel this edge is attached to.</summary>
    [OneWay]
    [Alias("on-presence")]
    Task OnPresenceAsync(PresenceEvent presence);

    /// <summary>What this edge knows of client <paramref name="clientId"/>; null when it does not serve it (any more).</summary>
    [Alias("get-session")]
    Task<SessionSnapshot?> GetSessionAsync(string clientId);

    /// <summary>This edge's connected clients and its channels whose names start with <paramref name="channelPrefix"/>, with their local subscriber counts.</summary>
    [Alias("report")]
    Task<EdgeReport> GetReportAsync(string channelPrefix);

    /// <summary>
    /// Ends every connection of <paramref name="user"/> on this edge: a <c>disconnect</c> push, then the close
    /// frame. Returns how many it ended; connections still completing <c>connect</c> are not among them.
    /// </summary>
    [Alias("disconnect-user")]
    Task<int> DisconnectUserAsync(string user, int code, string reason, bool reconnect);

    /// <summary>
    /// Ends the subscriptions of <paramref name="user"/>'s connections on this edge to <paramref name="channel"/>,
    /// each with an <c>unsubscribed</c> push after which it receives nothing more of the channel. Returns how many.
    /// </summary>
    [Alias("unsubscribe-user")]
    Task<int> UnsubscribeUserAsync(string user, string channel);
}
