using Microsoft.Extensions.DependencyInjection;
using Realtime.Edge.Cluster;
using Realtime.Grains;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests;

/// <summary>
/// Two co-hosted edges whose silos form one cluster, with short leases so expiry is observable:
/// edges renew every second, an edge that stops renewing drops out of a channel after three.
/// Channel buffers are small so a gap can outrun them.
/// </summary>
public sealed class TwoEdgeFixture() : TwoEdgeCluster("two-edges-" + Guid.NewGuid().ToString("N")[..8], Settings)
{
    /// <summary>How long an edge stays attached without renewing.</summary>
    public static readonly TimeSpan EdgeLease = TimeSpan.FromSeconds(3);

    /// <summary>Publications each channel keeps for gap fill.</summary>
    public const int RecentBufferSize = 16;

    /// <summary>A grain factory of the cluster (edge A's silo).</summary>
    public IGrainFactory Grains => A.App.Services.GetRequiredService<IGrainFactory>();

    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Channels:EdgeLease"] = "00:00:03",
        ["Channels:RecentBufferSize"] = RecentBufferSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Realtime:RenewInterval"] = "00:00:01",
        ["Realtime:GapWait"] = "00:00:00.100",
        ["Realtime:MaxHistoryLimit"] = MaxHistoryLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),

        // History: the last five publications; the last hundred for at most a second; none.
        ["Namespaces:hist:Anonymous"] = "Subscribe, Publish, History",
        ["Namespaces:hist:ClientPublish"] = "true",
        ["Namespaces:hist:HistorySize"] = HistorySize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Namespaces:histttl:Anonymous"] = "Subscribe, Publish, History",
        ["Namespaces:histttl:ClientPublish"] = "true",
        ["Namespaces:histttl:HistorySize"] = "100",
        ["Namespaces:histttl:HistoryTtl"] = "00:00:01",
        ["Namespaces:resume:Anonymous"] = "Subscribe, Publish, History",
        ["Namespaces:resume:ClientPublish"] = "true",
        ["Namespaces:resume:HistorySize"] = "1000",
        ["Namespaces:room:Anonymous"] = "Subscribe, Publish, Presence",
        ["Namespaces:room:Presence"] = "true",
        ["Namespaces:room:JoinLeave"] = "true",
        ["Namespaces:nohist:Anonymous"] = "Subscribe, Publish",
        ["Namespaces:nohist:ClientPublish"] = "true",

        // Keyed state: roomy (a hundred changes of history, small values); tight (three changes, three keys);
        // read-only for anonymous connections.
        ["Namespaces:state:Anonymous"] = "Subscribe, Publish, History, State",
        ["Namespaces:state:ClientPublish"] = "true",
        ["Namespaces:state:KeepsValue"] = "true",
        ["Namespaces:state:HistorySize"] = "100",
        ["Namespaces:state:MaxKeys"] = "20000",
        ["Namespaces:state:MaxValueBytes"] = StateMaxValueBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Namespaces:statetight:Anonymous"] = "Subscribe, State",
        ["Namespaces:statetight:KeepsValue"] = "true",
        ["Namespaces:statetight:HistorySize"] = "3",
        ["Namespaces:statetight:MaxKeys"] = "3",
        ["Namespaces:stateread:Anonymous"] = "Subscribe",
        ["Namespaces:stateread:KeepsValue"] = "true",
    };

    /// <summary>Largest value in the <c>state</c> namespace.</summary>
    public const int StateMaxValueBytes = 256;

    /// <summary>Publications the <c>hist</c> namespace keeps.</summary>
    public const int HistorySize = 5;

    /// <summary>Most publications one history reply carries.</summary>
    public const int MaxHistoryLimit = 4;

    public static string Realtime(EdgeServer edge) => edge.Url + "/realtime";

    /// <summary>The id an edge attaches to channels with.</summary>
    public static string EdgeId(EdgeServer edge) => edge.App.Services.GetRequiredService<EdgeIdentity>().Id;

    public IChannelGrain Channel(string name) => Grains.GetGrain<IChannelGrain>(name);

    public static string NewChannel(string prefix) => prefix + ":" + Guid.NewGuid().ToString("N")[..12];
}
