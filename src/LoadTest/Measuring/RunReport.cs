using System.Globalization;
using System.Text.Json;

namespace Realtime.LoadTest.Measuring;

/// <summary>The final report, printed as text and optionally written as JSON.</summary>
internal sealed record RunReport
{
    public required string Mode { get; init; }

    /// <summary><c>websocket</c>, <c>xhr_streaming</c>, <c>xhr</c> or <c>mix</c>.</summary>
    public required string Transport { get; init; }

    /// <summary>Connected sessions by transport.</summary>
    public required IReadOnlyDictionary<string, long> ConnectedByTransport { get; init; }

    /// <summary>Time to open every connection (the ramp included), and connections opened per second of it.</summary>
    public required double ConnectSeconds { get; init; }

    public required double ConnectRate { get; init; }

    /// <summary>Sessions open at the end of the window.</summary>
    public required long Up { get; init; }

    /// <summary>Established sessions that dropped, were re-established, and reconnect attempts that failed (each retried).</summary>
    public required long Dropped { get; init; }

    public required long Reconnects { get; init; }

    public required long ReconnectFailures { get; init; }

    /// <summary>Resumes the server answered with <c>recovered: true</c> / <c>false</c>.</summary>
    public required long Recovered { get; init; }

    public required long NotRecovered { get; init; }

    /// <summary>Token refreshes the server accepted.</summary>
    public required long Refreshes { get; init; }

    /// <summary>The load tool's own CPU in the window, in cores (1.0 = one core busy): near the machine's cores, the tool is the bottleneck.</summary>
    public required double ClientCpuCores { get; init; }

    public required int Connections { get; init; }

    public required long Connected { get; init; }

    public required long ConnectFailures { get; init; }

    public required double Seconds { get; init; }

    public required long Sent { get; init; }

    public required long Delivered { get; init; }

    public required double DeliveriesPerSecond { get; init; }

    public required long Lost { get; init; }

    public required long Duplicated { get; init; }

    public required long Errors { get; init; }

    public required double P50Ms { get; init; }

    public required double P90Ms { get; init; }

    public required double P99Ms { get; init; }

    public required double P999Ms { get; init; }

    public required double MaxMs { get; init; }

    public double? ServerCpuMicrosPerDelivery { get; init; }

    public double? ServerCpuPercent { get; init; }

    public long? ServerRssKiB { get; init; }

    public long? ServerBaselineRssKiB { get; init; }

    /// <summary>Marginal RSS per idle session, between a quarter and all of the sessions.</summary>
    public double? RssPerSessionBytes { get; init; }

    /// <summary>RSS growth from no sessions, divided by the sessions (includes one-time costs).</summary>
    public double? RssPerSessionFromZeroBytes { get; init; }

    public static RunReport From(Realtime.LoadTest.LoadOptions options, Counters counters, WindowResult window, TimeSpan connectTime)
    {
        var seconds = window.Elapsed.TotalSeconds;
        var latency = counters.Latency;
        var connected = Interlocked.Read(ref counters.Connected);
        return new RunReport
        {
            Mode = options.Mode,
            Transport = options.Transport,
            ConnectedByTransport = new SortedDictionary<string, long>(counters.ByTransport, StringComparer.Ordinal),
            ConnectSeconds = connectTime.TotalSeconds,
            ConnectRate = connectTime > TimeSpan.Zero ? connected / connectTime.TotalSeconds : 0,
            Up = Interlocked.Read(ref counters.Up),
            Dropped = Interlocked.Read(ref counters.Dropped),
            Reconnects = Interlocked.Read(ref counters.Reconnects),
            ReconnectFailures = Interlocked.Read(ref counters.ReconnectFailures),
            Recovered = Interlocked.Read(ref counters.Recovered),
            NotRecovered = Interlocked.Read(ref counters.NotRecovered),
            Refreshes = Interlocked.Read(ref counters.Refreshes),
            ClientCpuCores = seconds > 0 ? window.ClientCpu.TotalSeconds / seconds : 0,
            Connections = options.Connections,
            Connected = connected,
            ConnectFailures = Interlocked.Read(ref counters.ConnectFailures),
            Seconds = seconds,
            Sent = window.Sent,
            Delivered = window.Delivered,
            DeliveriesPerSecond = seconds > 0 ? window.Delivered / seconds : 0,
            Lost = Interlocked.Read(ref counters.Lost),
            Duplicated = Interlocked.Read(ref counters.Duplicated),
            Errors = Interlocked.Read(ref counters.Errors),
            P50Ms = latency.PercentileMs(0.50),
            P90Ms = latency.PercentileMs(0.90),
            P99Ms = latency.PercentileMs(0.99),
            P999Ms = latency.PercentileMs(0.999),
            MaxMs = latency.MaxMs,
            ServerCpuMicrosPerDelivery = options.ServerPid is null || window.Delivered == 0 ? null : window.ServerCpu.TotalMicroseconds / window.Delivered,
            ServerCpuPercent = options.ServerPid is null || seconds == 0 ? null : 100 * window.ServerCpu.TotalSeconds / seconds,
            ServerRssKiB = options.ServerPid is null ? null : window.ServerRssKiB,
        };
    }

    public string ToText() => string.Join('\n', new[]
    {
        $"mode {Mode}, transport {Transport}: {Connected}/{Connections} connected ({string.Join(", ", ConnectedByTransport.Select(t => $"{t.Key} {t.Value}"))}), {ConnectFailures} failed, in {ConnectSeconds:0.0} s ({ConnectRate:0} /s); {Up} up at the end",
        $"window {Seconds:0.0} s: sent {Sent}, delivered {Delivered} ({DeliveriesPerSecond:0} /s), lost {Lost}, duplicated {Duplicated}, errors {Errors}",
        $"drops {Dropped}, reconnects {Reconnects} ({ReconnectFailures} failed attempts), resumes recovered {Recovered} / not recovered {NotRecovered}, token refreshes {Refreshes}; load tool CPU {ClientCpuCores:0.00} cores",
        $"latency ms: p50 {P50Ms:0.000}  p90 {P90Ms:0.000}  p99 {P99Ms:0.000}  p99.9 {P999Ms:0.000}  max {MaxMs:0.000}",
        ServerCpuMicrosPerDelivery is { } cpu ? $"server CPU: {cpu:0.00} µs per {Unit} ({ServerCpuPercent:0}% of one core)" : null,
        RssPerSessionBytes is { } rss ? $"server RSS: {ServerBaselineRssKiB} KiB -> {ServerRssKiB} KiB; {rss / 1024:0.00} KiB per idle session (marginal), {RssPerSessionFromZeroBytes / 1024:0.00} KiB counted from zero" : null,
    }.Where(l => l is not null));

    // What "delivered" counts in each mode.
    private string Unit => Mode switch
    {
        "presence" => "join or leave",
        "recovery" => "recovered publication (publishing included)",
        _ => "delivery",
    };

    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true });

    /// <summary>Non-null when a gate (<c>--max-p99</c>, <c>--max-loss</c>) was exceeded.</summary>
    public string? GateFailure(Realtime.LoadTest.LoadOptions options)
    {
        if (options.MaxP99Ms is { } p99 && P99Ms > p99)
        {
            return string.Create(CultureInfo.InvariantCulture, $"p99 {P99Ms:0.000} ms is over --max-p99 {p99} ms");
        }

        var lossRatio = Delivered + Lost == 0 ? 0 : (double)Lost / (Delivered + Lost);
        if (options.MaxLoss is { } loss && lossRatio > loss)
        {
            return string.Create(CultureInfo.InvariantCulture, $"loss {lossRatio:P3} is over --max-loss {loss}");
        }

        return null;
    }
}
