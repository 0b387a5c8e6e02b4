using System.Collections.Concurrent;
using Orleans.Streams;
using Realtime.Grains;

namespace Realtime.Edge.Cluster;

/// <summary>
/// <see cref="ChannelDeliveryMode.Streams"/>: one subscription to the channel's memory stream per local
/// channel delivery, made through this process's cluster client (the co-hosted silo's or the client edge's).
/// </summary>
/// <remarks>
/// Each open is its own subscription, keyed by its owner, so a channel that empties and fills again at once
/// never shares (or loses) a handle with the one before it; while both exist, offsets drop the duplicates.
/// </remarks>
internal sealed partial class StreamChannelFeed(IClusterClient client, ILogger<StreamChannelFeed> logger) : IChannelFeed
{
    private readonly ConcurrentDictionary<object, (string Channel, Task<StreamSubscriptionHandle<ChannelPublication>> Handle)> _subscriptions =
        new(ReferenceEqualityComparer.Instance);

    /// <summary>Subscriptions open now (tests, diagnostics).</summary>
    public int Count => _subscriptions.Count;

    public Task OpenAsync(string channel, object owner, Action<ChannelPublication> onPublication)
    {
        var stream = client.GetStreamProvider(ChannelStreams.ProviderName).GetStream<ChannelPublication>(ChannelStreams.Id(channel));
        var subscribing = stream.SubscribeAsync((publication, _) =>
        {
            onPublication(publication);
            return Task.CompletedTask;
        });
        _subscriptions[owner] = (channel, subscribing);
        return subscribing;
    }

    public async Task CloseAsync(object owner)
    {
        if (!_subscriptions.TryRemove(owner, out var subscription))
        {
            return;
        }

        try
        {
            await (await subscription.Handle).UnsubscribeAsync();
        }
        catch (Exception ex)
        {
            // The subscription failed to start, or the cluster is unreachable: nothing to undo here.
            LogUnsubscribeFailed(logger, subscription.Channel, ex);
        }
    }

    public Task CloseAllAsync() => Task.WhenAll(_subscriptions.Keys.Select(CloseAsync));

    [LoggerMessage(EventId = 310, Level = LogLevel.Debug, Message = "Channel {Channel}: leaving its stream failed")]
    private static partial void LogUnsubscribeFailed(ILogger logger, string channel, Exception exception);
}
