using Realtime.Grains;

namespace Realtime.Edge.Cluster;

/// <summary>
/// <see cref="ChannelDeliveryMode.Observers"/>: the attach itself registers this edge's observer with the
/// channel grain, which calls <see cref="EdgeObserver"/>; there is nothing else to open.
/// </summary>
internal sealed class ObserverChannelFeed : IChannelFeed
{
    public static readonly ObserverChannelFeed Instance = new();

    public Task OpenAsync(string channel, object owner, Action<ChannelPublication> onPublication) => Task.CompletedTask;

    public Task CloseAsync(object owner) => Task.CompletedTask;

    public Task CloseAllAsync() => Task.CompletedTask;
}
