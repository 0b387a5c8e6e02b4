using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Realtime.Grains.Hosting;
using Realtime.Grains.State;

namespace Realtime.Grains;

/// <summary>
/// Durable channels (<see cref="HistoryPolicy.Durable"/>): epoch, last offset and history window kept in the
/// grain storage <see cref="ChannelStorage.Name"/>, so a new activation goes on where the last write left off.
/// </summary>
/// <remarks>
/// An activation decides at the first call that shows or moves the channel's position (attach, publish,
/// range, history) and stays durable from then on; presence calls do not decide, and a channel that is
/// never durable never touches storage. A publication is sent to edges, and answered, only after the
/// write that holds it succeeded: nobody sees an offset that a new activation could give to another one.
/// Writes are not batched: Orleans' <c>[MayInterleave]</c> would let every call, not only publishes, run
/// while a write is awaited, and attach, range and history would then show offsets not yet stored.
/// </remarks>
public sealed partial class ChannelGrain
{
    private const string RecordName = "channel";

    private IPersistentState<ChannelRecord>? _record;
    private Task? _stored;
    private Exception? _broken;
    private bool _positionShown;
    private HistoryPolicy _storedWindow = HistoryPolicy.None;

    /// <summary>
    /// Completes when the channel's position may be used: at once for an in-memory channel, once its record is
    /// loaded for a durable one. Faults when this activation can no longer keep its record (it is deactivating).
    /// </summary>
    private Task StoredAsync(HistoryPolicy? policy)
    {
        if (!IsDurable(policy))
        {
            return Task.CompletedTask;
        }

        if (_broken is not null)
        {
            return Task.FromException(BrokenError());
        }

        if (policy is { Durable: true })
        {
            _storedWindow = policy;
            _stored ??= LoadAsync(keepCurrent: _positionShown);
        }

        return _stored!;
    }

    /// <summary>Whether this call goes through the record; false also records that an in-memory position was shown.</summary>
    private bool IsDurable(HistoryPolicy? policy)
    {
        if (policy is { Durable: true } || _stored is not null || _broken is not null)
        {
            return true;
        }

        _positionShown = true;
        return false;
    }

    private InvalidOperationException BrokenError() =>
        new($"Channel {this.GetPrimaryKeyString()} failed to keep its record and is deactivating; call again.", _broken);

    // Numbered and buffered at once, but sent and answered only once stored. The grain is not reentrant, so
    // nothing that shows the position runs between the numbering and the write.
    private async Task<ChannelPosition> PublishDurableAsync(PublishRequest request)
    {
        await StoredAsync(request.History);
        var now = _time.GetUtcNow();
        var publication = new ChannelPublication(this.GetPrimaryKeyString(), _epoch, ++_offset, request.Data, request.FromClient, request.FromUser, now.UtcTicks);
        if (request.History is { Size: > 0 } history)
        {
            _recent.EnsureCapacity(history.Size);
        }

        _recent.Add(publication, now);
        try
        {
            _record!.State = Snapshot();
            await _record.WriteStateAsync();
        }
        catch (Exception ex)
        {
            Break(ex);
            throw;
        }

        if (request.Webhook)
        {
            RaiseWebhook(Webhooks.WebhookEventNames.ClientPublished, publication, static p => Webhooks.WebhookData.Published(p));
        }

        await SendAsync(publication);
        return new ChannelPosition(publication.Epoch, publication.Offset);
    }

    private async Task SendAsync(ChannelPublication publication)
    {
        if (_options.Delivery == ChannelDeliveryMode.Streams)
        {
            await PublishToStreamAsync(publication);
            return;
        }

        FanOut(publication, _time.GetUtcNow(), static (observer, p) => observer.OnPublicationAsync(p));
    }

    private async Task LoadAsync(bool keepCurrent)
    {
        try
        {
            // Created here rather than injected, so channels that are never durable never reach storage.
            _record = ServiceProvider.GetRequiredService<IPersistentStateFactory>()
                .Create<ChannelRecord>(GrainContext, new PersistentStateAttribute(RecordName, ChannelStorage.Name));
            await _record.ReadStateAsync();
            if (!keepCurrent && _record.RecordExists && !string.IsNullOrEmpty(_record.State.Epoch))
            {
                Restore(_record.State);
                LogRecordLoaded(_logger, this.GetPrimaryKeyString(), _epoch, _offset, _record.State.Publications.Count);
                return;
            }

            // Nothing stored means the history was lost (or never kept): the new epoch says so. An activation
            // that already showed its in-memory position keeps it; what was stored before is then lost too.
            // Written at once, so the epoch edges are given survives this activation even if nothing is published.
            LogRecordStarted(_logger, this.GetPrimaryKeyString(), _epoch, _offset);
            _record.State = Snapshot();
            await _record.WriteStateAsync();
        }
        catch (Exception ex)
        {
            Break(ex);
            throw;
        }
    }

    private void Restore(ChannelRecord record)
    {
        _epoch = record.Epoch!;
        _offset = record.Offset;
        _recent.EnsureCapacity(record.Publications.Count);
        var channel = this.GetPrimaryKeyString();
        foreach (var p in record.Publications)
        {
            _recent.Add(new ChannelPublication(channel, _epoch, p.Offset, p.Data, p.FromClient, p.FromUser), p.At);
        }
    }

    private ChannelRecord Snapshot()
    {
        var start = _recent.WindowStart(_offset, _storedWindow, _time.GetUtcNow());
        var window = _recent.Range(start, _offset, out _);
        var stored = new List<StoredPublication>(window.Length);
        foreach (var p in window)
        {
            stored.Add(new StoredPublication { Offset = p.Offset, Data = p.Data, FromClient = p.FromClient, FromUser = p.FromUser, At = _recent.AddedAt(p.Offset) });
        }

        return new ChannelRecord { Epoch = _epoch, Offset = _offset, Publications = stored };
    }

    // This activation's memory is now ahead of (or apart from) its record: it answers no more position
    // calls and goes, and the next activation starts from what is stored.
    private void Break(Exception ex)
    {
        LogStorageFailed(_logger, this.GetPrimaryKeyString(), ex);
        _broken = ex;
        DeactivateOnIdle();
    }

    [LoggerMessage(EventId = 210, Level = LogLevel.Debug, Message = "Channel {Channel}: record loaded, epoch {Epoch} at offset {Offset} with {Count} publications")]
    private static partial void LogRecordLoaded(ILogger logger, string channel, string epoch, long offset, int count);

    [LoggerMessage(EventId = 211, Level = LogLevel.Debug, Message = "Channel {Channel}: no stored record, storing epoch {Epoch} at offset {Offset}")]
    private static partial void LogRecordStarted(ILogger logger, string channel, string epoch, long offset);

    [LoggerMessage(EventId = 212, Level = LogLevel.Error, Message = "Channel {Channel}: its storage failed; the activation deactivates and the next one starts from the stored record")]
    private static partial void LogStorageFailed(ILogger logger, string channel, Exception exception);
}
