using Realtime.Edge.SockJs;

namespace Realtime.Edge.Cluster;

/// <summary>What the hub needs of a local client: its connection, and a way to drop a subscription it can no longer serve.</summary>
internal interface ILocalSubscriber
{
    ISockJsConnection Connection { get; }

    /// <summary>The channel's delivery ended for this client (lost publications or edge shutdown); forget the subscription.</summary>
    void SubscriptionEnded(string channel);
}
