using Realtime.Edge.Cluster;

namespace Realtime.Cluster.Tests.Delivery;

/// <summary>Subscribing with a reply that always accepts, as most tests need.</summary>
internal static class DeliveryTestExtensions
{
    public static Task SubscribeAsync(this LocalHub hub, string channel, ILocalSubscriber subscriber, Action<string, long> reply) =>
        hub.TrySubscribeAsync(channel, subscriber, Accept(reply));

    public static void Add(this ChannelDelivery delivery, ILocalSubscriber subscriber, Action<string, long> reply) =>
        delivery.TryAdd(subscriber, Accept(reply));

    private static Func<string, long, bool> Accept(Action<string, long> reply) => (epoch, offset) =>
    {
        reply(epoch, offset);
        return true;
    };
}
