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
}
