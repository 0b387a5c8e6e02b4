using Realtime.Grains;

namespace Realtime.Edge.Cluster;

/// <summary>Receives channel fan-out for this edge and hands it to the local hub.</summary>
internal sealed class EdgeObserver(LocalHub hub, Protocol.ClientRegistry clients, EdgeIdentity edge) : IEdgeObserver
{
    public Task OnPublicationAsync(ChannelPublication publication)
    {
        hub.OnPublication(publication);
        return Task.CompletedTask;
    }

    public Task OnPresenceAsync(PresenceEvent presence)
    {
        hub.OnPresence(presence);
        return Task.CompletedTask;
    }

    public Task<SessionSnapshot?> GetSessionAsync(string clientId) =>
        Task.FromResult(clients.TryGet(clientId, out var session) && session.Connected
            ? new SessionSnapshot(new SessionInfo(clientId, session.User, edge.Id, session.Connection.Transport), [.. session.Channels().Select(c => c.Key)])
            : null);
}
