using System.Diagnostics.Metrics;

namespace Realtime.Grains.Webhooks;

/// <summary>The webhook queue's instruments, on the <c>Realtime.Webhooks</c> meter.</summary>
public sealed class WebhookMetrics : IDisposable
{
    /// <summary>The meter name, for exporters.</summary>
    public const string MeterName = "Realtime.Webhooks";

    private readonly Meter _meter;
    private long _queued;

    /// <summary>Creates the instruments.</summary>
    public WebhookMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        Delivered = _meter.CreateCounter<long>("realtime.webhooks.delivered", "{event}", "Events the app acknowledged with a 2xx.");
        Dropped = _meter.CreateCounter<long>("realtime.webhooks.dropped", "{event}", "Events dropped because a shard's queue was full.");
        FailedRequests = _meter.CreateCounter<long>("realtime.webhooks.failed_requests", "{request}", "Requests that failed and will be retried.");
        _meter.CreateObservableGauge("realtime.webhooks.queued", () => Interlocked.Read(ref _queued), "{event}", "Events waiting in this silo's shards.");
    }

    /// <summary>Events delivered.</summary>
    public Counter<long> Delivered { get; }

    /// <summary>Events dropped on a full queue.</summary>
    public Counter<long> Dropped { get; }

    /// <summary>Failed attempts.</summary>
    public Counter<long> FailedRequests { get; }

    /// <summary>Adds to (or, negative, takes from) the queued events of this silo.</summary>
    public void AddQueued(long delta) => Interlocked.Add(ref _queued, delta);

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
