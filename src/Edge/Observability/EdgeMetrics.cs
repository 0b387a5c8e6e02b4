using System.Diagnostics;
using System.Diagnostics.Metrics;
using Realtime.Edge.Protocol;

namespace Realtime.Edge.Observability;

/// <summary>
/// The edge's instruments, on the <c>Realtime.Edge</c> meter. Counts that are a state (connections by
/// transport, connected sessions, subscriptions) are read from the client registry when scraped, so the
/// hot paths pay nothing for them; counters and histograms on the hot paths cost a flag check while
/// nobody listens.
/// </summary>
internal sealed class EdgeMetrics : IDisposable
{
    /// <summary>The meter name, for exporters.</summary>
    public const string MeterName = "Realtime.Edge";

    private static readonly string[] KnownOps = ["connect", "subscribe", "unsubscribe", "publish", "history", "presence", "update-presence", "rpc", "refresh", "ping"];

    private readonly Meter _meter;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _authFailures;
    private readonly Counter<long> _delivered;
    private readonly Histogram<double> _fanOut;
    private readonly Histogram<double> _publishToSend;

    public EdgeMetrics(IMeterFactory meters, ClientRegistry clients)
    {
        _meter = meters.Create(MeterName);
        _requests = _meter.CreateCounter<long>("realtime.edge.requests", "{request}", "Client requests received, by op.");
        _errors = _meter.CreateCounter<long>("realtime.edge.errors", "{reply}", "Requests answered with an error, by code.");
        _authFailures = _meter.CreateCounter<long>("realtime.edge.auth_failures", "{request}", "connect or refresh refused (401).");
        _delivered = _meter.CreateCounter<long>("realtime.edge.messages_out", "{message}", "Publications handed to local sessions.");
        _fanOut = _meter.CreateHistogram<double>("realtime.edge.fanout.duration", "s", "Time to hand one publication to every local subscriber.");
        _publishToSend = _meter.CreateHistogram<double>("realtime.edge.publish_to_send.duration", "s", "From the channel numbering a publication to this edge handing it to its sessions.");
        _meter.CreateObservableGauge("realtime.edge.connections", () => ByTransport(clients), "{connection}", "Open realtime connections, by SockJS transport.");
        _meter.CreateObservableGauge("realtime.edge.sessions", () => clients.All.Count(c => c.Connected), "{session}", "Connections that completed connect.");
        _meter.CreateObservableGauge("realtime.edge.subscriptions", () => clients.All.Sum(c => c.ChannelCount), "{subscription}", "Channel subscriptions of this edge's connections.");
    }

    public void Request(string op) => _requests.Add(1, new KeyValuePair<string, object?>("op", KnownOps.Contains(op) ? op : "other"));

    public void Error(string? op, int code)
    {
        _errors.Add(1, new KeyValuePair<string, object?>("code", code));
        if (code == ProtocolCodes.Unauthorized && op is "connect" or "refresh")
        {
            _authFailures.Add(1);
        }
    }

    /// <summary>One publication went to <paramref name="sessions"/> local sessions, starting at <paramref name="started"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void Delivered(int sessions, long started, long publishedTicks, TimeProvider time)
    {
        _delivered.Add(sessions);
        if (_fanOut.Enabled)
        {
            _fanOut.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        if (publishedTicks > 0 && _publishToSend.Enabled)
        {
            _publishToSend.Record(Math.Max(0, time.GetUtcNow().UtcTicks - publishedTicks) / (double)TimeSpan.TicksPerSecond);
        }
    }

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<int>> ByTransport(ClientRegistry clients) =>
        clients.All.GroupBy(c => c.Connection.Transport).Select(g => new Measurement<int>(g.Count(), new KeyValuePair<string, object?>("transport", g.Key)));
}
