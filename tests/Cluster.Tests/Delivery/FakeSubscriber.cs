using System.Collections.Concurrent;
using Realtime.Edge.Cluster;
using Realtime.Edge.SockJs;

namespace Realtime.Cluster.Tests.Delivery;

/// <summary>A local subscriber over a <see cref="FakeConnection"/>; records the subscriptions the hub ended.</summary>
internal sealed class FakeSubscriber : ILocalSubscriber
{
    private readonly ConcurrentQueue<string> _ended = new();

    public FakeConnection Fake { get; } = new();

    public ISockJsConnection Connection => Fake;

    public IReadOnlyCollection<string> Ended => _ended;

    public void SubscriptionEnded(string channel) => _ended.Enqueue(channel);
}
