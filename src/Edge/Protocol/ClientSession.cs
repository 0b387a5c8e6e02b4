using Realtime.Edge.Cluster;
using Realtime.Edge.SockJs;

namespace Realtime.Edge.Protocol;

/// <summary>One client of the realtime protocol: its identity once connected and its subscriptions.</summary>
internal sealed class ClientSession(ISockJsConnection connection, string clientId) : ILocalSubscriber
{
    private readonly HashSet<string> _channels = new(StringComparer.Ordinal);
    private bool _closed;

    public ISockJsConnection Connection { get; } = connection;

    /// <summary>The client id given in the <c>connect</c> reply: this edge's tag, a dot, the connection id.</summary>
    public string ClientId { get; } = clientId;

    public bool Connected { get; set; }

    public string User { get; set; } = string.Empty;

    /// <summary>Reserves <paramref name="channel"/>; false when already subscribed (or subscribing), or closed.</summary>
    public bool TryAddChannel(string channel)
    {
        lock (_channels)
        {
            return !_closed && _channels.Add(channel);
        }
    }

    /// <summary>Whether <paramref name="channel"/> is still held: false once unsubscribed, ended or closed.</summary>
    public bool HasChannel(string channel)
    {
        lock (_channels)
        {
            return _channels.Contains(channel);
        }
    }

    public bool RemoveChannel(string channel)
    {
        lock (_channels)
        {
            return _channels.Remove(channel);
        }
    }

    public string[] Channels()
    {
        lock (_channels)
        {
            return [.. _channels];
        }
    }

    /// <summary>Ends every subscription for good: the connection closed, and nothing may be added after.</summary>
    public string[] TakeChannels()
    {
        lock (_channels)
        {
            _closed = true;
            var all = _channels.ToArray();
            _channels.Clear();
            return all;
        }
    }

    public void SubscriptionEnded(string channel) => RemoveChannel(channel);
}
