using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Realtime.Grains.Webhooks;

/// <summary>
/// A shard of the webhook queue. Events wait here, in memory, until the app acknowledges them with a
/// 2xx; a failed request is retried with exponential backoff and jitter, always with the oldest events
/// first, so events of one channel or user arrive in order. If the silo dies, the queue dies with it:
/// delivery is at least once while the shard lives, and events still queued then are lost.
/// </summary>
public sealed partial class WebhookGrain(
    WebhookSender sender,
    WebhookMetrics metrics,
    IOptions<WebhookOptions> options,
    ILogger<WebhookGrain> logger) : Grain, IWebhookGrain
{
    private readonly WebhookOptions _options = options.Value;
    private readonly Queue<QueuedWebhookEvent> _queue = new();
    private readonly string _idPrefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
    private IGrainTimer? _timer;
    private TimeSpan _backoff;
    private bool _sending;
    private long _sequence;
    private long _droppedSinceLog;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _backoff = _options.InitialBackoff;
        // Interleaved: events keep being queued while a request is out.
        _timer = this.RegisterGrainTimer(SendAsync, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_queue.Count > 0)
        {
            LogLostOnDeactivation(logger, this.GetPrimaryKeyLong(), _queue.Count, reason.Description);
            metrics.AddQueued(-_queue.Count);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task EnqueueAsync(WebhookEvent[] events)
    {
        var wasEmpty = _queue.Count == 0;
        foreach (var e in events)
        {
            if (!_options.Sends(e.Name))
            {
                continue;
            }

            if (_queue.Count >= _options.MaxQueue)
            {
                metrics.Dropped.Add(1);
                if (_droppedSinceLog++ == 0)
                {
                    LogDropped(logger, this.GetPrimaryKeyLong(), _options.MaxQueue, e.Name, e.Key);
                }

                continue;
            }

            _queue.Enqueue(new QueuedWebhookEvent(_idPrefix + "-" + (++_sequence).ToString(System.Globalization.CultureInfo.InvariantCulture), e));
            metrics.AddQueued(1);
        }

        if (wasEmpty && _queue.Count > 0 && !_sending)
        {
            // The first event opens the batch window; the rest of the window's events ride along.
            _timer!.Change(_options.BatchWindow, Timeout.InfiniteTimeSpan);
        }

        return Task.CompletedTask;
    }

    private async Task SendAsync(CancellationToken cancellationToken)
    {
        if (_sending)
        {
            return;
        }

        _sending = true;
        try
        {
            while (_queue.Count > 0)
            {
                var batch = _queue.Take(_options.MaxBatch).ToArray();
                if (!await sender.SendAsync(batch, cancellationToken))
                {
                    metrics.FailedRequests.Add(1);
                    var delay = Jittered(_backoff);
                    _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, _options.MaxBackoff.Ticks));
                    LogRetrying(logger, this.GetPrimaryKeyLong(), batch.Length, _queue.Count, delay.TotalMilliseconds);
                    _timer!.Change(delay, Timeout.InfiniteTimeSpan);
                    return;
                }

                // Only appends happened meanwhile, so the batch is still at the front.
                for (var i = 0; i < batch.Length; i++)
                {
                    _queue.Dequeue();
                }

                metrics.Delivered.Add(batch.Length);
                metrics.AddQueued(-batch.Length);
                _backoff = _options.InitialBackoff;
                if (_droppedSinceLog > 1)
                {
                    LogDroppedTotal(logger, this.GetPrimaryKeyLong(), _droppedSinceLog);
                }

                _droppedSinceLog = 0;
            }
        }
        finally
        {
            _sending = false;
        }
    }

    // Between half and all of the backoff, so shards that failed together do not retry together.
    private static TimeSpan Jittered(TimeSpan backoff) => backoff * (0.5 + (Random.Shared.NextDouble() / 2));

    [LoggerMessage(EventId = 500, Level = LogLevel.Warning, Message = "Webhook shard {Shard}: queue full ({MaxQueue} events), dropping {Event} of {Key} and later events until it drains")]
    private static partial void LogDropped(ILogger logger, long shard, int maxQueue, string @event, string key);

    [LoggerMessage(EventId = 501, Level = LogLevel.Warning, Message = "Webhook shard {Shard}: {Dropped} events were dropped while the queue was full")]
    private static partial void LogDroppedTotal(ILogger logger, long shard, long dropped);

    [LoggerMessage(EventId = 502, Level = LogLevel.Information, Message = "Webhook shard {Shard}: a request of {Batch} events failed; {Queued} queued, retrying in {DelayMs:0} ms")]
    private static partial void LogRetrying(ILogger logger, long shard, int batch, int queued, double delayMs);

    [LoggerMessage(EventId = 503, Level = LogLevel.Warning, Message = "Webhook shard {Shard}: {Count} undelivered events lost on deactivation ({Reason})")]
    private static partial void LogLostOnDeactivation(ILogger logger, long shard, int count, string reason);
}
