using System.Diagnostics.Metrics;

namespace Realtime.Edge.SockJs;

/// <summary>
/// The SockJS layer's instruments, on the <c>Realtime.SockJs</c> meter: bytes waiting in session send
/// queues and sessions closed as slow consumers. Recording costs a flag check while nobody listens.
/// </summary>
public sealed class SockJsMetrics : IDisposable
{
    /// <summary>The meter name, for exporters.</summary>
    public const string MeterName = "Realtime.SockJs";

    private readonly Meter _meter;
    private readonly UpDownCounter<long> _queuedBytes;
    private readonly Counter<long> _slowConsumers;

    /// <summary>Creates the instruments.</summary>
    public SockJsMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _queuedBytes = _meter.CreateUpDownCounter<long>("realtime.sockjs.queued", "By", "Bytes waiting in session send queues.");
        _slowConsumers = _meter.CreateCounter<long>("realtime.sockjs.slow_consumer_closes", "{session}", "Sessions closed with 3003 because their send queue was over its limit.");
    }

    /// <summary>Bytes entered (positive) or left (negative) a send queue.</summary>
    public void Queued(long bytes)
    {
        if (bytes != 0)
        {
            _queuedBytes.Add(bytes);
        }
    }

    /// <summary>A session was closed as a slow consumer.</summary>
    public void SlowConsumer() => _slowConsumers.Add(1);

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
