using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Realtime.Grains.State;
using Realtime.Grains.Webhooks;

namespace Realtime.Grains;

/// <summary>
/// Numbers a channel's publications and fans each out with one one-way call per attached edge.
/// State lives in memory: a re-created channel starts a new epoch, which tells clients history was lost,
/// unless its namespace is durable (<c>ChannelGrain.Durability.cs</c>). Keyed state is in
/// <c>ChannelGrain.State.cs</c>, the streams push path in <c>ChannelGrain.Streams.cs</c>.
/// </summary>
public sealed partial class ChannelGrain : Grain, IChannelGrain
{
    private readonly Dictionary<string, EdgeLease> _edges = new(StringComparer.Ordinal);
    private readonly ChannelOptions _options;
    private readonly WebhookOptions _webhooks;
    private readonly TimeProvider _time;
    private readonly ILogger<ChannelGrain> _logger;
    private readonly PublicationRing _recent;
    private readonly PresenceSet _presence = new();
    private bool _announce;
    private string _epoch = NewEpoch();
    private long _offset;

    /// <summary>Creates the grain.</summary>
    public ChannelGrain(IOptions<ChannelOptions> options, IOptions<WebhookOptions> webhooks, TimeProvider time, ILogger<ChannelGrain> logger)
    {
        _options = options.Value;
        _webhooks = webhooks.Value;
        _time = time;
        _logger = logger;
        _recent = new PublicationRing(_options.RecentBufferSize);
    }

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var period = _options.EdgeLease / 3;
        this.RegisterGrainTimer(PruneExpired, new GrainTimerCreationOptions(period, period) { KeepAlive = false });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<ChannelPosition> AttachEdgeAsync(string edgeId, IEdgeObserver observer, long sequence, HistoryPolicy? history)
    {
        await StoredAsync(history);
        _edges.TryGetValue(edgeId, out var lease);
        if (lease is null || sequence > lease.Sequence)
        {
            if (lease?.Observer is null)
            {
                LogEdgeAttached(_logger, this.GetPrimaryKeyString(), edgeId);
            }

            _edges[edgeId] = new EdgeLease(observer, _time.GetUtcNow() + _options.EdgeLease, sequence);
            UpdateOccupancy();
        }

        return new ChannelPosition(_epoch, _offset);
    }

    /// <inheritdoc />
    public Task DetachEdgeAsync(string edgeId, long sequence)
    {
        // A detach that overtook its attach leaves a marker too, so the attach is recognised as stale.
        if (!_edges.TryGetValue(edgeId, out var lease) || sequence > lease.Sequence)
        {
            _edges[edgeId] = new EdgeLease(null, _time.GetUtcNow() + _options.EdgeLease, sequence);
            LeaveEdge(edgeId);
            UpdateOccupancy();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ChannelPosition> PublishAsync(PublishRequest request)
    {
        if (IsDurable(request.History))
        {
            return PublishDurableAsync(request);
        }

        var now = _time.GetUtcNow();
        var publication = new ChannelPublication(this.GetPrimaryKeyString(), _epoch, ++_offset, request.Data, request.FromClient, request.FromUser, now.UtcTicks);
        if (request.Webhook)
        {
            RaiseWebhook(WebhookEventNames.ClientPublished, publication, static p => WebhookData.Published(p));
        }

        var position = new ChannelPosition(_epoch, _offset);
        var sending = Send(publication, request.History, now);
        return sending.IsCompletedSuccessfully ? Task.FromResult(position) : Then(sending, position);

        static async Task<ChannelPosition> Then(Task sending, ChannelPosition position)
        {
            await sending;
            return position;
        }
    }

    /// <summary>
    /// Keeps a numbered publication (a message or a state change) in the recent buffer and sends it to the
    /// attached edges. Completes at once with observers; with streams, once the stream took it.
    /// </summary>
    private Task Send(ChannelPublication publication, HistoryPolicy? history, DateTimeOffset now)
    {
        if (history is { Size: > 0 })
        {
            _recent.EnsureCapacity(history.Size);
        }

        _recent.Add(publication, now);
        if (_options.Delivery == ChannelDeliveryMode.Streams)
        {
            return PublishToStreamAsync(publication);
        }

        // One-way: a slow or dead edge costs this channel nothing; gaps are refetched by offset.
        FanOut(publication, now, static (observer, p) => observer.OnPublicationAsync(p));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<RangeResult> GetRangeAsync(long fromOffset, long toOffset, HistoryPolicy? history)
    {
        await StoredAsync(history);
        var publications = _recent.Range(Math.Max(1, fromOffset), Math.Min(toOffset, _offset), out var complete);
        return new RangeResult(_epoch, complete && fromOffset >= 1 && toOffset <= _offset, publications);
    }

    /// <inheritdoc />
    public async Task<HistoryResult> GetHistoryAsync(HistoryQuery query)
    {
        await StoredAsync(query.Policy);
        var start = _recent.WindowStart(_offset, query.Policy, _time.GetUtcNow());
        var limit = Math.Max(0, query.Limit);
        if (query.Since is { } since && since.Epoch == _epoch && since.Offset >= 0 && since.Offset <= _offset && since.Offset + 1 >= start)
        {
            var after = query.MessagesOnly
                ? _recent.Messages(since.Offset + 1, _offset, limit, latest: false)
                : _recent.Range(since.Offset + 1, Math.Min(_offset, since.Offset + limit), out _);
            return new HistoryResult(_epoch, _offset, true, after);
        }

        var latest = query.MessagesOnly
            ? _recent.Messages(start, _offset, limit, latest: true)
            : _recent.Range(Math.Max(start, _offset - limit + 1), _offset, out _);
        return new HistoryResult(_epoch, _offset, false, latest);
    }

    /// <inheritdoc />
    public Task JoinAsync(PresenceMember member, bool announce)
    {
        _announce = announce;
        var known = _presence.Contains(member.ClientId);
        if (_presence.Join(member, _time.GetUtcNow()))
        {
            if (!known)
            {
                RaiseMemberWebhook(WebhookEventNames.MemberAdded, member);
            }

            if (announce)
            {
                Announce(new PresenceEvent(this.GetPrimaryKeyString(), true, member));
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task LeaveAsync(string clientId, bool announce)
    {
        _announce = announce;
        if (_presence.Leave(clientId) is { } member)
        {
            RaiseMemberWebhook(WebhookEventNames.MemberRemoved, member);
            if (announce)
            {
                Announce(new PresenceEvent(this.GetPrimaryKeyString(), false, member));
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> UpdatePresenceAsync(string clientId, string? data, bool announce)
    {
        _announce = announce;
        if (_presence.Update(clientId, data) is not { } member)
        {
            return Task.FromResult(false);
        }

        if (announce)
        {
            Announce(new PresenceEvent(this.GetPrimaryKeyString(), true, member));
        }

        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public Task<PresencePage> GetPresenceAsync(string? after, int limit) => Task.FromResult(_presence.Page(after, Math.Max(0, limit)));

    /// <inheritdoc />
    public Task<string[]> GetEdgesAsync()
    {
        var now = _time.GetUtcNow();
        return Task.FromResult(_edges.Where(e => e.Value.Observer is not null && e.Value.Expires >= now).Select(e => e.Key).ToArray());
    }

    private Task PruneExpired(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        foreach (var (edgeId, lease) in _edges.ToArray())
        {
            if (lease.Expires < now)
            {
                _edges.Remove(edgeId);
                if (lease.Observer is not null)
                {
                    LogEdgeExpired(_logger, this.GetPrimaryKeyString(), edgeId);
                    LeaveEdge(edgeId);
                }
            }
        }

        if (_presence.Count > 0)
        {
            AnnounceLeaves(_presence.LeaveOrphans(e => _edges.TryGetValue(e, out var l) && l.Observer is not null, now - _options.EdgeLease));
        }

        UpdateOccupancy();
        if (!_edges.Values.Any(e => e.Observer is not null) && _outbox is not { Busy: true } && StateCount == 0)
        {
            // Nobody listens, no webhook event is on its way and no keyed state is kept: let the grain be collected once idle.
            DelayDeactivation(TimeSpan.Zero);
        }

        return Task.CompletedTask;
    }

    // An edge gone (detached or expired) takes its members with it; a crashed edge never sent their leaves.
    private void LeaveEdge(string edgeId)
    {
        if (_presence.Count > 0)
        {
            AnnounceLeaves(_presence.LeaveEdge(edgeId));
        }
    }

    private void AnnounceLeaves(List<PresenceMember> gone)
    {
        foreach (var member in gone)
        {
            RaiseMemberWebhook(WebhookEventNames.MemberRemoved, member);
        }

        if (_announce)
        {
            foreach (var member in gone)
            {
                Announce(new PresenceEvent(this.GetPrimaryKeyString(), false, member));
            }
        }
    }

    private void Announce(PresenceEvent presence) =>
        FanOut(presence, _time.GetUtcNow(), static (observer, p) => observer.OnPresenceAsync(p));

    // One call per attached edge whose lease runs; the send is a static lambda, so nothing is allocated per call.
    private void FanOut<T>(T item, DateTimeOffset now, Func<IEdgeObserver, T, Task> send)
    {
        foreach (var (edgeId, lease) in _edges)
        {
            if (lease.Observer is null || lease.Expires < now)
            {
                continue;
            }

            try
            {
                _ = send(lease.Observer, item);
            }
            catch (Exception ex)
            {
                LogFanOutFailed(_logger, this.GetPrimaryKeyString(), edgeId, ex);
            }
        }
    }

    private static string NewEpoch() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    [LoggerMessage(EventId = 200, Level = LogLevel.Debug, Message = "Channel {Channel}: edge {EdgeId} attached")]
    private static partial void LogEdgeAttached(ILogger logger, string channel, string edgeId);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Channel {Channel}: edge {EdgeId} dropped, its lease expired")]
    private static partial void LogEdgeExpired(ILogger logger, string channel, string edgeId);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "Channel {Channel}: fan-out to edge {EdgeId} failed")]
    private static partial void LogFanOutFailed(ILogger logger, string channel, string edgeId, Exception exception);
}
