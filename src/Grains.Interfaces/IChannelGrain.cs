namespace Realtime.Grains;

/// <summary>
/// One channel, keyed by its name. Single-threaded, so it is where publications get their offsets;
/// it keeps the edges that have local subscribers (with a lease) and a buffer of recent publications.
/// </summary>
[Alias("realtime.channel")]
public interface IChannelGrain : IGrainWithStringKey
{
    /// <summary>
    /// Attaches (or renews) an edge: from now until the lease runs out, every publication is sent to
    /// <paramref name="observer"/>. Returns the channel's current position; the edge delivers what follows it.
    /// </summary>
    [Alias("attach")]
    Task<ChannelPosition> AttachEdgeAsync(string edgeId, IEdgeObserver observer);

    /// <summary>Detaches an edge that has no local subscribers left. Idempotent.</summary>
    [Alias("detach")]
    Task DetachEdgeAsync(string edgeId);

    /// <summary>
    /// Assigns the next offset, keeps the publication in the recent buffer and sends it to every attached
    /// edge with one one-way call each. Offsets are strictly increasing by one per channel.
    /// </summary>
    [Alias("publish")]
    Task<ChannelPosition> PublishAsync(PublishRequest request);

    /// <summary>Publications with offsets in [<paramref name="fromOffset"/>, <paramref name="toOffset"/>] still in the recent buffer, in order.</summary>
    [Alias("range")]
    Task<RangeResult> GetRangeAsync(long fromOffset, long toOffset);

    /// <summary>The edges attached now, for operators and tests.</summary>
    [Alias("edges")]
    Task<string[]> GetEdgesAsync();
}
