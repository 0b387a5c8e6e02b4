using Realtime.Grains;

namespace Realtime.Cluster.Tests.Delivery;

/// <summary>A channel grain reference that counts the range fetches made through it and holds attaches at the factory's gate.</summary>
internal sealed class CountingChannelGrain(IChannelGrain inner, CountingGrainFactory counter) : IChannelGrain
{
    public async Task<ChannelPosition> AttachEdgeAsync(string edgeId, IEdgeObserver observer, long sequence, HistoryPolicy? history)
    {
        await counter.BeforeAttachAsync();
        return await inner.AttachEdgeAsync(edgeId, observer, sequence, history);
    }

    public Task DetachEdgeAsync(string edgeId, long sequence) => inner.DetachEdgeAsync(edgeId, sequence);

    public Task<ChannelPosition> PublishAsync(PublishRequest request) => inner.PublishAsync(request);

    public Task<RangeResult> GetRangeAsync(long fromOffset, long toOffset, HistoryPolicy? history)
    {
        counter.CountRange(fromOffset, toOffset);
        return inner.GetRangeAsync(fromOffset, toOffset, history);
    }

    public Task<HistoryResult> GetHistoryAsync(HistoryQuery query) => inner.GetHistoryAsync(query);

    public Task JoinAsync(PresenceMember member, bool announce) => inner.JoinAsync(member, announce);

    public Task LeaveAsync(string clientId, bool announce) => inner.LeaveAsync(clientId, announce);

    public Task<bool> UpdatePresenceAsync(string clientId, string? data, bool announce) => inner.UpdatePresenceAsync(clientId, data, announce);

    public Task<PresencePage> GetPresenceAsync(string? after, int limit) => inner.GetPresenceAsync(after, limit);

    public Task<StateWriteResult> WriteStateAsync(StateWriteRequest request) => inner.WriteStateAsync(request);

    public Task<StatePage> GetStateAsync(string? after, int limit, int maxBytes) => inner.GetStateAsync(after, limit, maxBytes);

    public Task<string[]> GetEdgesAsync() => inner.GetEdgesAsync();
}
