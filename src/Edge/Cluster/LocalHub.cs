using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Realtime.Grains;

namespace Realtime.Edge.Cluster;

/// <summary>
/// This edge's index of channels to local subscribers. The first local subscriber of a channel
/// attaches the edge to the channel grain; the last one to leave detaches it.
/// </summary>
internal sealed class LocalHub(ClusterAdapter cluster, IOptions<RealtimeOptions> options, TimeProvider time, ILogger<LocalHub>? logger = null, IChannelFeed? feed = null, Observability.EdgeMetrics? metrics = null)
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private readonly IChannelFeed _feed = feed ?? ObserverChannelFeed.Instance;

    private readonly ConcurrentDictionary<string, ChannelDelivery> _channels = new(StringComparer.Ordinal);

    /// <summary>Channels with local subscribers.</summary>
    public ICollection<string> Channels => _channels.Keys;

    /// <summary>
    /// Subscribes <paramref name="subscriber"/>; <paramref name="reply"/> runs with the channel's epoch and
    /// the offset delivery starts after, before any push of the channel reaches the subscriber. The reply
    /// may decline that position (return false); the subscriber is then not added and the result is false.
    /// </summary>
    public async Task<bool> TrySubscribeAsync(string channel, ILocalSubscriber subscriber, Func<string, long, bool> reply)
    {
        while (true)
        {
            var delivery = _channels.GetOrAdd(channel, c => new ChannelDelivery(c, cluster, options.Value, time, _logger, metrics));
            if (delivery.IsLost)
            {
                _channels.TryRemove(new KeyValuePair<string, ChannelDelivery>(channel, delivery));
                continue;
            }

            Task<ChannelPosition> attaching;
            lock (delivery)
            {
                attaching = delivery.Attaching ??= AttachAsync(channel, delivery);
            }

            try
            {
                await attaching;
            }
            catch
            {
                // A failed attach must not stick: the next subscriber tries again.
                _channels.TryRemove(new KeyValuePair<string, ChannelDelivery>(channel, delivery));
                _ = _feed.CloseAsync(delivery);
                throw;
            }

            if (_channels.TryGetValue(channel, out var current) && ReferenceEquals(current, delivery))
            {
                return delivery.TryAdd(subscriber, reply);
            }
        }
    }

    /// <summary>Unsubscribes; detaches from the channel grain when no local subscriber is left.</summary>
    public void Unsubscribe(string channel, ILocalSubscriber subscriber)
    {
        if (_channels.TryGetValue(channel, out var delivery) && delivery.Remove(subscriber))
        {
            RemoveIfEmpty(channel, delivery);
        }
    }

    /// <summary>The channel grain answered at <paramref name="position"/>: as a renewal would, fetch what is missing or end a delivery of a past epoch.</summary>
    public void Reconcile(string channel, ChannelPosition position)
    {
        if (_channels.TryGetValue(channel, out var delivery))
        {
            delivery.Reconcile(position);
        }
    }

    public void OnPublication(ChannelPublication publication)
    {
        if (_channels.TryGetValue(publication.Channel, out var delivery))
        {
            delivery.Receive(publication);
        }
    }

    /// <summary>A join or leave: encoded once and handed to the channel's local subscribers.</summary>
    public void OnPresence(PresenceEvent presence)
    {
        if (_channels.TryGetValue(presence.Channel, out var delivery))
        {
            delivery.Broadcast(Protocol.Pushes.Presence(presence));
        }
    }

    /// <summary>
    /// Renews every attachment (the lease) and reconciles positions; drops empty or lost channels.
    /// Renewals run in parallel, each with a deadline: a call stuck on a silo that just died (Orleans
    /// waits out its response timeout) must not hold up the others, or the next round.
    /// </summary>
    public async Task RenewAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var renewals = new List<Task<bool>>();
        foreach (var (channel, delivery) in _channels)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (delivery.Attaching is not { IsCompletedSuccessfully: true })
            {
                // Still attaching, or failed (its subscriber removes it): not empty, just not started.
                continue;
            }

            if (delivery.IsLost || delivery.IsEmpty)
            {
                RemoveIfEmpty(channel, delivery);
                continue;
            }

            renewals.Add(RenewAsync(channel, delivery, deadline, cancellationToken));
        }

        var results = await Task.WhenAll(renewals);
        ClusterLog.RenewRound(_logger, results.Length, results.Count(r => !r), (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task<bool> RenewAsync(string channel, ChannelDelivery delivery, TimeSpan deadline, CancellationToken cancellationToken)
    {
        try
        {
            delivery.Reconcile(await cluster.AttachAsync(channel).WaitAsync(deadline, time, cancellationToken));
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The next round retries; the lease outlives several missed renewals.
            ClusterLog.RenewFailed(_logger, channel, ex);
            return false;
        }
    }

    /// <summary>Detaches from every channel, for a graceful shutdown.</summary>
    public Task DetachAllAsync() => Task.WhenAll(_channels.Keys.Select(c => cluster.DetachAsync(c)).Append(_feed.CloseAllAsync()));

    private async Task<ChannelPosition> AttachAsync(string channel, ChannelDelivery delivery)
    {
        // The feed opens first (streams: the subscription), so what follows the attach position is not missed.
        await _feed.OpenAsync(channel, delivery, OnPublication).WaitAsync(options.Value.ClusterCallTimeout, time);
        var position = await cluster.AttachAsync(channel).WaitAsync(options.Value.ClusterCallTimeout, time);
        delivery.Start(position);
        return position;
    }

    private void RemoveIfEmpty(string channel, ChannelDelivery delivery)
    {
        if ((delivery.IsEmpty || delivery.IsLost) && _channels.TryRemove(new KeyValuePair<string, ChannelDelivery>(channel, delivery)))
        {
            _ = _feed.CloseAsync(delivery);

            // Not awaited: the detach carries a sequence number, so if it reaches the grain after the
            // attach of a client that resubscribed meanwhile, the grain ignores it. A lost detach is
            // cleaned up by the lease.
            cluster.DetachAsync(channel).Forget();
        }
    }
}
