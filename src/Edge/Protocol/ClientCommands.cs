using System.Runtime.InteropServices;
using Realtime.Edge.Cluster;
using Realtime.Grains;

namespace Realtime.Edge.Protocol;

/// <summary>
/// What the server API asks of this edge's own clients, whichever edge took the API request: counts,
/// and ending a user's connections or subscriptions. Only connections that completed <c>connect</c> count.
/// </summary>
internal sealed class ClientCommands(ClientRegistry clients, ChannelRequests channels, EdgeIdentity edge)
{
    public EdgeReport Report(string channelPrefix)
    {
        var connections = 0;
        var subscribers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var session in clients.All)
        {
            if (!session.Connected)
            {
                continue;
            }

            connections++;
            foreach (var (channel, _) in session.Channels())
            {
                if (channel.StartsWith(channelPrefix, StringComparison.Ordinal))
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(subscribers, channel, out _)++;
                }
            }
        }

        return new EdgeReport(edge.Id, connections, [.. subscribers.Select(s => new ChannelSubscribers(s.Key, s.Value))]);
    }

    public int Disconnect(string user, int code, string reason, bool reconnect)
    {
        // Built once: every connection of the user gets the same bytes.
        var push = Pushes.Disconnect(code, reason, reconnect);
        var ended = 0;
        foreach (var session in OfUser(user))
        {
            session.Connection.Send(push);
            session.Connection.Close(code, reason);
            ended++;
        }

        return ended;
    }

    public int Unsubscribe(string user, string channel, int code, string reason) =>
        OfUser(user).Count(session => channels.End(session, channel, code, reason));

    private IEnumerable<ClientSession> OfUser(string user) =>
        user.Length == 0 ? [] : clients.All.Where(s => s.Connected && s.User == user);
}
