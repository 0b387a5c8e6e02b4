using System.Collections.Concurrent;
using Realtime.Grains;

namespace Realtime.Cluster.Tests;

/// <summary>A stand-in edge for channel grains: records the fan-out it gets and never renews.</summary>
public sealed class RecordingEdgeObserver : IEdgeObserver
{
    private readonly ConcurrentQueue<ChannelPublication> _received = new();
    private readonly ConcurrentQueue<PresenceEvent> _presence = new();

    public IReadOnlyCollection<ChannelPublication> Received => _received;

    public Task OnPublicationAsync(ChannelPublication publication)
    {
        _received.Enqueue(publication);
        return Task.CompletedTask;
    }

    public IReadOnlyCollection<PresenceEvent> Presence => _presence;

    public Task OnPresenceAsync(PresenceEvent presence)
    {
        _presence.Enqueue(presence);
        return Task.CompletedTask;
    }

    public Task<SessionSnapshot?> GetSessionAsync(string clientId) => Task.FromResult<SessionSnapshot?>(null);

    public Task<EdgeReport> GetReportAsync(string channelPrefix) => Task.FromResult(new EdgeReport("recording", 0, []));

    public Task<int> DisconnectUserAsync(string user, int code, string reason, bool reconnect) => Task.FromResult(0);

    public Task<int> UnsubscribeUserAsync(string user, string channel) => Task.FromResult(0);
}
