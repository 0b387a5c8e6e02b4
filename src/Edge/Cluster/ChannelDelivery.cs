using Microsoft.Extensions.Logging.Abstractions;
using Realtime.Edge.Protocol;
using Realtime.Grains;

namespace Realtime.Edge.Cluster;

/// <summary>
/// One channel on this edge: its local subscribers and the ordering of what the channel grain sends.
/// Publications are delivered strictly in offset order; one that arrives early waits in a buffer,
/// and a gap that persists for <see cref="RealtimeOptions.GapWait"/> is fetched from the channel's
/// recent buffer. If that fails, subscribers are told with an <c>unsubscribed</c> push, never skipped silently.
/// </summary>
internal sealed class ChannelDelivery
{
    private static readonly TimeSpan FetchDeadline = TimeSpan.FromSeconds(3);

    private readonly Lock _gate = new();
    private readonly string _channel;
    private readonly ClusterAdapter _cluster;
    private readonly RealtimeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private ILocalSubscriber[] _subscribers = [];
    private SortedDictionary<long, ChannelPublication>? _early;
    private string? _epoch;
    private long _next;
    private bool _fetching;
    private bool _lost;
    private ITimer? _gapTimer;
    private readonly Observability.EdgeMetrics? _metrics;

    public ChannelDelivery(string channel, ClusterAdapter cluster, RealtimeOptions options, TimeProvider time, ILogger? logger = null, Observability.EdgeMetrics? metrics = null)
    {
        _metrics = metrics;
        _channel = channel;
        _cluster = cluster;
        _options = options;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Attaching to the channel grain; completes with its position.</summary>
    public Task<ChannelPosition>? Attaching { get; set; }

    /// <summary>Delivery ended after a loss; the hub replaces this instance on the next subscribe.</summary>
    public bool IsLost
    {
        get
        {
            lock (_gate)
            {
                return _lost;
            }
        }
    }

    public bool IsEmpty
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Length == 0;
            }
        }
    }

    /// <summary>Starts delivery after the first attach: what follows <paramref name="position"/> is delivered.</summary>
    public void Start(ChannelPosition position)
    {
        lock (_gate)
        {
            if (_epoch is not null)
            {
                return;
            }

            _epoch = position.Epoch;
            _next = position.Offset + 1;
            ClusterLog.Attached(_logger, _channel, position.Epoch, position.Offset);

            // What arrived while attaching and the position already covers (or another epoch's) is
            // not ours to deliver; left in the buffer it would also mislead the gap fetch.
            if (_early is not null)
            {
                foreach (var (offset, publication) in _early.ToArray())
                {
                    if (offset < _next || publication.Epoch != _epoch)
                    {
                        _early.Remove(offset);
                    }
                }
            }

            DrainLocked();
        }
    }

    /// <summary>
    /// Runs <paramref name="reply"/> with the position delivery stands at and, in the same step, adds the
    /// subscriber if it returned true, so no push for this channel can precede the reply. A reply that
    /// cannot be made at this position (a resuming client needs publications it has not fetched) returns false.
    /// </summary>
    public bool TryAdd(ILocalSubscriber subscriber, Func<string, long, bool> reply)
    {
        lock (_gate)
        {
            if (!reply(_epoch!, _next - 1))
            {
                return false;
            }

            _subscribers = [.. _subscribers, subscriber];
            return true;
        }
    }

    /// <summary>Sends a push that is not a publication (join, leave) to every local subscriber.</summary>
    public void Broadcast(SockJs.SockJsMessage push)
    {
        foreach (var subscriber in _subscribers)
        {
            subscriber.Connection.Send(push);
        }
    }

    /// <summary>Removes a subscriber; true when none is left.</summary>
    public bool Remove(ILocalSubscriber subscriber)
    {
        lock (_gate)
        {
            _subscribers = Array.FindAll(_subscribers, s => !ReferenceEquals(s, subscriber));
            return _subscribers.Length == 0;
        }
    }

    /// <summary>A publication from the channel grain, in whatever order Orleans delivered it.</summary>
    public void Receive(ChannelPublication publication)
    {
        lock (_gate)
        {
            if (_lost)
            {
                return;
            }

            if (_epoch is not null && publication.Epoch != _epoch)
            {
                // The channel grain was re-created: its history (and our position) is gone.
                ClusterLog.EpochChanged(_logger, _channel, _epoch, publication.Epoch, "publication", _subscribers.Length);
                LoseLocked("the channel restarted; subscribe again");
                return;
            }

            if (_epoch is not null && publication.Offset < _next)
            {
                return;
            }

            (_early ??= [])[publication.Offset] = publication;
            DrainLocked();
        }
    }

    /// <summary>The renewal found the channel at <paramref name="position"/>: fetch anything this edge missed.</summary>
    public void Reconcile(ChannelPosition position)
    {
        lock (_gate)
        {
            if (_epoch is null || _lost)
            {
                return;
            }

            if (position.Epoch != _epoch)
            {
                ClusterLog.EpochChanged(_logger, _channel, _epoch, position.Epoch, "renewal", _subscribers.Length);
                LoseLocked("the channel restarted; subscribe again");
            }
            else if (position.Offset >= _next && !_fetching)
            {
                ClusterLog.Behind(_logger, _channel, position.Epoch, position.Offset, _next);
                _fetching = true;
                _ = FetchAsync(_next, position.Offset, "renewal");
            }
        }
    }

    private void DrainLocked()
    {
        if (_epoch is null || _early is null)
        {
            return;
        }

        while (_early.Remove(_next, out var publication))
        {
            Deliver(publication);
            _next++;
        }

        if (_early.Count > 0 && _gapTimer is null && !_fetching)
        {
            _gapTimer = _time.CreateTimer(static s => ((ChannelDelivery)s!).OnGapTimeout(), this, _options.GapWait, Timeout.InfiniteTimeSpan);
        }
    }

    private void Deliver(ChannelPublication publication)
    {
        var subscribers = _subscribers;
        if (subscribers.Length == 0)
        {
            return;
        }

        // Serialized once; every local session gets the same bytes.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var push = Pushes.For(publication);
        foreach (var subscriber in subscribers)
        {
            subscriber.Connection.Send(push);
        }

        _metrics?.Delivered(subscribers.Length, started, publication.NumberedTicks, _time);
    }

    private void OnGapTimeout()
    {
        long from, to;
        lock (_gate)
        {
            _gapTimer?.Dispose();
            _gapTimer = null;
            if (_early is null || _early.Count == 0 || _fetching)
            {
                return;
            }

            from = _next;
            to = _early.Keys.First() - 1;
            _fetching = true;
        }

        _ = FetchAsync(from, to, "gap");
    }

    private async Task FetchAsync(long from, long to, string reason)
    {
        RangeResult? range = null;
        ClusterLog.Fetching(_logger, _channel, from, to, reason);
        try
        {
            // Bounded: a call caught in a silo failure can otherwise wait out Orleans' response timeout.
            range = await _cluster.GetRangeAsync(_channel, from, to).WaitAsync(FetchDeadline, _time);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Transient (timeout, silo unavailable): retried below, not treated as a loss.
            ClusterLog.FetchFailed(_logger, _channel, from, to, ex);
        }

        lock (_gate)
        {
            _fetching = false;
            if (_lost)
            {
                return;
            }

            if (range is null)
            {
                // Try again after the gap wait if publications are waiting; the lease renewal also retries.
                if (_early is { Count: > 0 } && _gapTimer is null)
                {
                    _gapTimer = _time.CreateTimer(static s => ((ChannelDelivery)s!).OnGapTimeout(), this, _options.GapWait, Timeout.InfiniteTimeSpan);
                }

                return;
            }

            if (!range.Complete || range.Epoch != _epoch)
            {
                if (range.Epoch != _epoch)
                {
                    ClusterLog.EpochChanged(_logger, _channel, _epoch!, range.Epoch, "fetch", _subscribers.Length);
                }

                LoseLocked("publications were lost; subscribe again to resume");
                return;
            }

            foreach (var publication in range.Publications)
            {
                if (publication.Offset >= _next)
                {
                    (_early ??= [])[publication.Offset] = publication;
                }
            }

            DrainLocked();
        }
    }

    /// <summary>Ends every local subscription explicitly rather than skip offsets.</summary>
    private void LoseLocked(string reason)
    {
        ClusterLog.DeliveryLost(_logger, _channel, _next, reason, _subscribers.Length);
        var subscribers = _subscribers;
        _subscribers = [];
        _early?.Clear();
        _lost = true;
        _gapTimer?.Dispose();
        _gapTimer = null;
        var push = Pushes.Unsubscribed(_channel, ProtocolCodes.Internal, reason);
        foreach (var subscriber in subscribers)
        {
            subscriber.Connection.Send(push);
            subscriber.SubscriptionEnded(_channel);
        }
    }
}
