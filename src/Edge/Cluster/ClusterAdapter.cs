using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Realtime.Grains;

namespace Realtime.Edge.Cluster;

/// <summary>
/// The only code of the edge that calls grains. Everything the protocol layer asks of the cluster
/// goes through here, so the grain contracts can change behind one seam.
/// </summary>
internal sealed class ClusterAdapter(
    IGrainFactory grains,
    EdgeIdentity edge,
    IOptions<RealtimeOptions>? options = null,
    TimeProvider? time = null,
    Channels.ChannelNamespaces? namespaces = null)
{
    private readonly TimeSpan _callTimeout = options?.Value.ClusterCallTimeout ?? new RealtimeOptions().ClusterCallTimeout;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private IEdgeObserver? _observer;
    private long _sequence;

    /// <summary>This edge's observer reference, made once from the local <see cref="EdgeObserver"/>.</summary>
    public void SetObserver(EdgeObserver observer) => _observer = grains.CreateObjectReference<IEdgeObserver>(observer);

    /// <summary>The observer reference as Orleans prints it (its grain id), for logs.</summary>
    public string ObserverDescription => _observer?.ToString() ?? "(none)";

    public Task<ChannelPosition> AttachAsync(string channel) =>
        grains.GetGrain<IChannelGrain>(channel).AttachEdgeAsync(edge.Id, _observer ?? throw new InvalidOperationException("The edge observer is not registered yet."), NextSequence(), HistoryOf(channel));

    public Task DetachAsync(string channel) => grains.GetGrain<IChannelGrain>(channel).DetachEdgeAsync(edge.Id, NextSequence());

    // Attach and range show the channel's position, so they carry the namespace's policy as publish and
    // history do: whichever call activates a durable channel, it loads its record before answering.
    private HistoryPolicy? HistoryOf(string channel) => namespaces?.Find(channel)?.History;

    // Taken when the call is made, so the grain can tell which of two crossing calls the edge meant last.
    private long NextSequence() => Interlocked.Increment(ref _sequence);

    /// <summary>
    /// Publishes, waiting at most <see cref="RealtimeOptions.ClusterCallTimeout"/>. A request that a gateway
    /// forwarded to a silo that then died is otherwise only failed by Orleans' response timeout (30 s),
    /// and the client's later requests queue behind it. A publish that times out may still have been applied.
    /// </summary>
    public Task<ChannelPosition> PublishAsync(string channel, string data, string? fromClient, string? fromUser, HistoryPolicy? history = null, bool webhook = false) =>
        grains.GetGrain<IChannelGrain>(channel).PublishAsync(new PublishRequest(data, fromClient, fromUser, history, webhook)).WaitAsync(_callTimeout, _time);

    public Task<HistoryResult> GetHistoryAsync(string channel, HistoryQuery query) =>
        grains.GetGrain<IChannelGrain>(channel).GetHistoryAsync(query).WaitAsync(_callTimeout, _time);

    public Task JoinAsync(string channel, PresenceMember member, bool announce) =>
        grains.GetGrain<IChannelGrain>(channel).JoinAsync(member, announce).WaitAsync(_callTimeout, _time);

    public Task LeaveAsync(string channel, string clientId, bool announce) =>
        grains.GetGrain<IChannelGrain>(channel).LeaveAsync(clientId, announce);

    /// <summary>A channel's members; for <c>$users:&lt;id&gt;</c>, the user's live connections.</summary>
    public Task<PresencePage> GetPresenceAsync(string channel, string? after, int limit) =>
        (Channels.UserChannels.Is(channel)
            ? grains.GetGrain<IUserGrain>(Channels.UserChannels.UserOf(channel)).GetPresenceAsync(after, limit)
            : grains.GetGrain<IChannelGrain>(channel).GetPresenceAsync(after, limit)).WaitAsync(_callTimeout, _time);

    /// <summary>Replaces the presence data of a member; false when the client is not a member.</summary>
    public Task<bool> UpdatePresenceAsync(string channel, string clientId, string? data, bool announce) =>
        grains.GetGrain<IChannelGrain>(channel).UpdatePresenceAsync(clientId, data, announce).WaitAsync(_callTimeout, _time);

    /// <summary>Writes one key of a channel's keyed state, bounded like <see cref="PublishAsync"/> (a write that times out may have been applied).</summary>
    public Task<StateWriteResult> WriteStateAsync(string channel, StateWriteRequest request) =>
        grains.GetGrain<IChannelGrain>(channel).WriteStateAsync(request).WaitAsync(_callTimeout, _time);

    /// <summary>One page of a channel's keyed state, keys after <paramref name="after"/>.</summary>
    public Task<StatePage> GetStateAsync(string channel, string? after, int limit, int maxBytes) =>
        grains.GetGrain<IChannelGrain>(channel).GetStateAsync(after, limit, maxBytes).WaitAsync(_callTimeout, _time);

    public string EdgeId => edge.Id;

    public Task<RangeResult> GetRangeAsync(string channel, long from, long to) =>
        grains.GetGrain<IChannelGrain>(channel).GetRangeAsync(from, to, HistoryOf(channel));

    /// <summary>Registers (or renews) this edge, so grains can reach it by its clients' ids.</summary>
    public Task RegisterEdgeAsync() =>
        grains.GetGrain<IEdgeRegistryGrain>(ClientIds.RegistryKey).RegisterAsync(edge.Tag, edge.Id, _observer ?? throw new InvalidOperationException("The edge observer is not registered yet."));

    public Task UnregisterEdgeAsync() => grains.GetGrain<IEdgeRegistryGrain>(ClientIds.RegistryKey).UnregisterAsync(edge.Tag);

    /// <summary>Adds a connection to its user's live connections, within the per-user limit <paramref name="max"/> (0: none); false when over it.</summary>
    public Task<bool> TryAddUserConnectionAsync(PresenceMember connection, int max) =>
        grains.GetGrain<IUserGrain>(connection.User).TryAddConnectionAsync(connection, max).WaitAsync(_callTimeout, _time);

    public Task RemoveUserConnectionAsync(string user, string clientId) =>
        grains.GetGrain<IUserGrain>(user).RemoveConnectionAsync(clientId);

    /// <summary>
    /// Asks every live edge (this one included) in parallel, each within <see cref="RealtimeOptions.ClusterCallTimeout"/>:
    /// an edge that crashed stays registered until its lease runs out, and must not hold up the answer.
    /// </summary>
    public async Task<EdgeAnswers<T>> AskEdgesAsync<T>(Func<IEdgeObserver, Task<T>> ask)
    {
        var edges = await grains.GetGrain<IEdgeRegistryGrain>(ClientIds.RegistryKey).ListAsync().WaitAsync(_callTimeout, _time);
        var calls = edges.Select(e => ask(e.Observer).WaitAsync(_callTimeout, _time)).ToArray();
        try
        {
            await Task.WhenAll(calls);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Each call's outcome is read below.
        }

        var answers = new List<T>(calls.Length);
        var failed = new List<string>();
        for (var i = 0; i < calls.Length; i++)
        {
            if (calls[i].IsCompletedSuccessfully)
            {
                answers.Add(calls[i].Result);
            }
            else
            {
                failed.Add(edges[i].EdgeId);
            }
        }

        return new EdgeAnswers<T>(answers, failed);
    }

    /// <summary>The cluster's active silos, as its membership lists them.</summary>
    public Task<MembershipEntry[]> GetSilosAsync() =>
        grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: true).WaitAsync(_callTimeout, _time);

    /// <summary>Counts a subscriber against a channel's subscriber limit; false when over it.</summary>
    public Task<bool> TryAddSubscriberAsync(string channel, string clientId, int max) =>
        grains.GetGrain<IChannelSubscribersGrain>(channel).TryAddAsync(clientId, max);

    public Task RemoveSubscriberAsync(string channel, string clientId) =>
        grains.GetGrain<IChannelSubscribersGrain>(channel).RemoveAsync(clientId);
}
