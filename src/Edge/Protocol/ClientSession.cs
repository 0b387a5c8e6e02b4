using Realtime.Edge.Auth;
using Realtime.Edge.Cluster;
using Realtime.Edge.SockJs;

namespace Realtime.Edge.Protocol;

/// <summary>One client of the realtime protocol: its identity once connected and its subscriptions.</summary>
internal sealed class ClientSession(ISockJsConnection connection, string clientId) : ILocalSubscriber
{
    // Channel → what its subscription token granted (None for public channels).
    private readonly Dictionary<string, ChannelOps> _channels = new(StringComparer.Ordinal);
    private bool _closed;
    private PublishBucket _publishes;

    public ISockJsConnection Connection { get; } = connection;

    /// <summary>The client id given in the <c>connect</c> reply: this edge's tag, a dot, the connection id.</summary>
    public string ClientId { get; } = clientId;

    public bool Connected { get; set; }

    /// <summary>Who the connection token says this is; replaced by <c>refresh</c>.</summary>
    public ConnectionClaims Claims { get; set; } = ConnectionClaims.Anonymous;

    public string User => Claims.User;

    private volatile bool _countedForUser;

    /// <summary>Whether this connection was added to its user's grain (and must be removed on close).</summary>
    public bool CountedForUser
    {
        get => _countedForUser;
        set => _countedForUser = value;
    }

    /// <summary>Whether the connection closed (<see cref="TakeChannels"/> ran).</summary>
    public bool IsClosed
    {
        get
        {
            lock (_channels)
            {
                return _closed;
            }
        }
    }

    /// <summary>Closes the connection if <c>connect</c> has not succeeded in time; null once connected or when off.</summary>
    public ITimer? ConnectTimer { get; set; }

    /// <summary>Fires the token's refresh reminder and then its expiry; null for connections whose token never expires.</summary>
    public ITimer? TokenTimer { get; set; }

    /// <summary>How many channels the connection is subscribed to (a metrics read; no lock needed for an estimate).</summary>
    public int ChannelCount => _channels.Count;

    /// <summary>Reserves <paramref name="channel"/>; false when already subscribed (or subscribing), or closed.</summary>
    public bool TryAddChannel(string channel, ChannelOps grants = ChannelOps.None)
    {
        lock (_channels)
        {
            return !_closed && _channels.TryAdd(channel, grants);
        }
    }

    /// <summary>Whether <paramref name="channel"/> is still held: false once unsubscribed, ended or closed.</summary>
    public bool HasChannel(string channel)
    {
        lock (_channels)
        {
            return _channels.ContainsKey(channel);
        }
    }

    /// <summary>What the subscription token of <paramref name="channel"/> granted; none when not subscribed with one.</summary>
    public ChannelOps GrantsOf(string channel)
    {
        lock (_channels)
        {
            return _channels.GetValueOrDefault(channel);
        }
    }

    public bool RemoveChannel(string channel)
    {
        lock (_channels)
        {
            return _channels.Remove(channel);
        }
    }

    public KeyValuePair<string, ChannelOps>[] Channels()
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
            var all = _channels.Keys.ToArray();
            _channels.Clear();
            return all;
        }
    }

    /// <summary>Takes one publish from the connection's rate budget; false when over the rate.</summary>
    public bool TryTakePublish(LimitsOptions limits, TimeProvider time)
    {
        // Requests of one connection are handled one at a time, so the bucket needs no lock.
        return limits.PublishRate <= 0 || _publishes.TryTake(limits.PublishRate, limits.PublishBurst, time.GetTimestamp(), time.TimestampFrequency);
    }

    /// <summary>Releases, in the cluster, a subscription the edge ended; set by the first subscribe.</summary>
    public Action<ClientSession, string>? SubscriptionEndedHandler { get; set; }

    public void SubscriptionEnded(string channel)
    {
        if (RemoveChannel(channel))
        {
            SubscriptionEndedHandler?.Invoke(this, channel);
        }
    }
}
