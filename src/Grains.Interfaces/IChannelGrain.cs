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
    /// <param name="edgeId">The edge.</param>
    /// <param name="observer">Where the edge takes publications.</param>
    /// <param name="sequence">
    /// Increases with every attach or detach the edge sends. Orleans does not keep two calls of one caller
    /// in order, so the grain ignores a call older than the last one it applied for that edge: a late
    /// detach must not undo the attach of a client that resubscribed at once.
    /// </param>
    /// <param name="history">The namespace's history policy (null: none); a durable one makes the channel load its stored position first.</param>
    [Alias("attach")]
    Task<ChannelPosition> AttachEdgeAsync(string edgeId, IEdgeObserver observer, long sequence, HistoryPolicy? history);

    /// <summary>Detaches an edge that has no local subscribers left. Idempotent; ignored when older than the edge's last attach.</summary>
    /// <param name="edgeId">The edge.</param>
    /// <param name="sequence">As for <see cref="AttachEdgeAsync"/>.</param>
    [Alias("detach")]
    Task DetachEdgeAsync(string edgeId, long sequence);

    /// <summary>
    /// Assigns the next offset, keeps the publication in the recent buffer and sends it to every attached
    /// edge with one one-way call each. Offsets are strictly increasing by one per channel. On a durable
    /// channel (<see cref="HistoryPolicy.Durable"/>) the publication is sent and the call answered only once
    /// the channel's record, with it, is written to storage; a failed write fails the call (the publication
    /// may still have been stored) and the activation, so the next one starts again from what is stored.
    /// </summary>
    [Alias("publish")]
    Task<ChannelPosition> PublishAsync(PublishRequest request);

    /// <summary>Publications with offsets in [<paramref name="fromOffset"/>, <paramref name="toOffset"/>] still in the recent buffer, in order.</summary>
    /// <param name="fromOffset">First offset wanted.</param>
    /// <param name="toOffset">Last offset wanted.</param>
    /// <param name="history">The namespace's history policy, as for <see cref="AttachEdgeAsync"/>.</param>
    [Alias("range")]
    Task<RangeResult> GetRangeAsync(long fromOffset, long toOffset, HistoryPolicy? history);

    /// <summary>
    /// Reads the channel's history window (<see cref="HistoryQuery.Policy"/>): what follows a position, for
    /// clients resuming, or the latest publications. <see cref="HistoryResult.Recovered"/> says whether
    /// nothing after the position was lost.
    /// </summary>
    [Alias("history")]
    Task<HistoryResult> GetHistoryAsync(HistoryQuery query);

    /// <summary>
    /// Adds (or updates) a member of the channel's presence. With <paramref name="announce"/> every attached
    /// edge gets one <see cref="IEdgeObserver.OnPresenceAsync"/> call, however many members there are.
    /// </summary>
    [Alias("join")]
    Task JoinAsync(PresenceMember member, bool announce);

    /// <summary>Removes a member; idempotent. Announced like <see cref="JoinAsync"/>.</summary>
    [Alias("leave")]
    Task LeaveAsync(string clientId, bool announce);

    /// <summary>Replaces a member's data (announced as a <c>join</c> of the updated member); false when the client is not a member.</summary>
    [Alias("update-presence")]
    Task<bool> UpdatePresenceAsync(string clientId, string? data, bool announce);

    /// <summary>Up to <paramref name="limit"/> members after the client id <paramref name="after"/> (null: from the first), in client id order.</summary>
    [Alias("presence")]
    Task<PresencePage> GetPresenceAsync(string? after, int limit);

    /// <summary>
    /// Sets, patches or deletes one key of the channel's keyed state. An applied change takes the next offset,
    /// in the same sequence as publications (it is the key's new version), joins the recent buffer and history,
    /// and reaches every attached edge as a <see cref="ChannelPublication"/> with <see cref="ChannelPublication.State"/> set.
    /// Anything else (a conflict, a limit, a delete of an absent key, a replayed idempotency key) changes nothing
    /// and sends nothing. Keys with a TTL are removed by the channel when it passes, as a change of their own.
    /// </summary>
    [Alias("write-state")]
    Task<StateWriteResult> WriteStateAsync(StateWriteRequest request);

    /// <summary>
    /// Up to <paramref name="limit"/> keys after <paramref name="after"/> (null: from the first) in ordinal order,
    /// fewer when their keys and values pass <paramref name="maxBytes"/> (never none while keys remain), as they
    /// are now; <see cref="StatePage.Offset"/> says which changes they reflect.
    /// </summary>
    [Alias("state")]
    Task<StatePage> GetStateAsync(string? after, int limit, int maxBytes);

    /// <summary>The edges attached now, for operators and tests.</summary>
    [Alias("edges")]
    Task<string[]> GetEdgesAsync();
}
