using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Realtime.Bench.LoadGen;

/// <summary>What a run measured; absent figures stay null and are left out of the JSON.</summary>
public sealed class RunResult
{
    public string Mode { get; set; } = "";
    public string Framing { get; set; } = "";
    public string Url { get; set; } = "";
    public int Connections { get; set; }
    public int Connected { get; set; }
    public int ConnectFailures { get; set; }
    public string? FirstError { get; set; }
    public double? WindowSeconds { get; set; }
    public double? PublishRate { get; set; }
    public int? PayloadBytes { get; set; }
    public long? Published { get; set; }
    public long? Deliveries { get; set; }
    public double? DeliveriesPerSecond { get; set; }
    public long? Lost { get; set; }
    public long? Duplicated { get; set; }
    public long? Echoes { get; set; }
    public double? EchoesPerSecond { get; set; }
    public double? LatencyP50Ms { get; set; }
    public double? LatencyP90Ms { get; set; }
    public double? LatencyP99Ms { get; set; }
    public double? LatencyMaxMs { get; set; }
    public int? ServerPid { get; set; }
    public double? ServerCpuSeconds { get; set; }
    public double? ServerCpuMicrosPerDelivery { get; set; }
    public double? ServerUserMicrosPerDelivery { get; set; }
    public double? ServerSystemMicrosPerDelivery { get; set; }
    public double? ServerCpuMicrosPerEcho { get; set; }
    public double? ServerCpuCores { get; set; }
    public double? ClientCpuCores { get; set; }
    public double? MachineBusyCores { get; set; }
    public long? ClientAllocatedBytes { get; set; }
    public double? OtherLoadCores { get; set; }
    public long? ServerRssBeforeKiB { get; set; }
    public long? ServerRssAfterKiB { get; set; }
    public double? ServerRssKiBPerSession { get; set; }
    public int? MarginalConnections { get; set; }
    public long? ServerRssMarginalKiB { get; set; }
    public double? ServerRssMarginalKiBPerSession { get; set; }
    public double? SettleSeconds { get; set; }
    public int? Dropped { get; set; }
    public int? UnknownFrames { get; set; }

    /// <summary>The result as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, RunResultJsonContext.Default.RunResult);

    /// <summary>One <c>name=value</c> per line, skipping absent figures.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        using var doc = JsonDocument.Parse(ToJson());
        foreach (var property in doc.RootElement.EnumerateObject())
        {
            var value = property.Value.ValueKind == JsonValueKind.Number
                ? property.Value.GetDouble().ToString("0.###", CultureInfo.InvariantCulture)
                : property.Value.ToString();
            text.Append(property.Name).Append('=').Append(value).Append('\n');
        }

        return text.ToString();
    }
}
