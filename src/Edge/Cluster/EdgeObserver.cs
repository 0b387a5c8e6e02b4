using Realtime.Edge.Protocol;
using Realtime.Grains;

namespace Realtime.Edge.Cluster;

/// <summary>Receives channel fan-out for this edge and hands it to the local hub; answers for its clients.</summary>
/// <remarks>Without <paramref name="commands"/> (hub-only test edges) the server API's calls fail.</remarks>
internal sealed class EdgeObserver(LocalHub hub, ClientRegistry clients, EdgeIdentity edge, ClientCommands? commands = null) : IEdgeObserver
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

    public Task<EdgeReport> GetReportAsync(string channelPrefix) => Task.FromResult(Commands.Report(channelPrefix));

    public Task<int> DisconnectUserAsync(string user, int code, string reason, bool reconnect) =>
        Task.FromResult(Commands.Disconnect(user, code, reason, reconnect));

    public Task<int> UnsubscribeUserAsync(string user, string channel) =>
        Task.FromResult(Commands.Unsubscribe(user, channel, ProtocolCodes.Kicked, "unsubscribed by the server"));

    private ClientCommands Commands => commands ?? throw new NotSupportedException("This edge observer was made without client commands.");
}
