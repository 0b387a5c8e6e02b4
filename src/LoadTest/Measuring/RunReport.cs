using System.Globalization;
using System.Text.Json;

namespace Realtime.LoadTest.Measuring;

/// <summary>The final report, printed as text and optionally written as JSON.</summary>
internal sealed record RunReport
{
    public required string Mode { get; init; }

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

    public static RunReport From(Realtime.LoadTest.LoadOptions options, Counters counters, WindowResult window)
    {
        var seconds = window.Elapsed.TotalSeconds;
        var latency = counters.Latency;
        return new RunReport
        {
            Mode = options.Mode,
            Connections = options.Connections,
            Connected = Interlocked.Read(ref counters.Connected),
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
        $"mode {Mode}: {Connected}/{Connections} connected, {ConnectFailures} failed",
        $"window {Seconds:0.0} s: sent {Sent}, delivered {Delivered} ({DeliveriesPerSecond:0} /s), lost {Lost}, duplicated {Duplicated}, errors {Errors}",
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
