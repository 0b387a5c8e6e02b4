using System.Text.Json.Nodes;
using Realtime.TestKit;
using Xunit.Abstractions;

namespace Realtime.MultiProcess.Tests;

/// <summary>
/// The deployment's topology started by <c>deploy/local-cluster.sh</c> (redis-server, two silos, two client
/// edges, nginx round robin without stickiness) and driven through nginx by the load tool.
/// </summary>
public sealed class LocalTopologyLoadTests(ITestOutputHelper output)
{
    /// <summary>
    /// The load tool's channels (<c>load:cN</c>): open to anonymous clients, durable in Redis so that a silo restart
    /// keeps each channel's epoch and history, with a window far longer than any outage here (2 publications/s
    /// per channel). Edges renew every 2 s, so they re-attach quickly to channels whose grain moved.
    /// </summary>
    internal static readonly Dictionary<string, string> Settings = new()
    {
        ["Logging__LogLevel__Default"] = "Warning",
        ["Auth__AllowAnonymous"] = "true",
        ["Namespaces__load__Anonymous"] = "Subscribe, Publish, History",
        ["Namespaces__load__ClientPublish"] = "true",
        ["Namespaces__load__Durable"] = "true",
        ["Namespaces__load__HistorySize"] = "200",
        ["Namespaces__load__HistoryTtl"] = "00:10:00",
        ["Realtime__RenewInterval"] = "00:00:02",
    };

    [Fact]
    public async Task LoadThroughNginx_SpreadOverBothEdges_LosesDuplicatesAndFailsNothing()
    {
        const int Connections = 300, Channels = 10, PublishPerSecond = 20;
        var duration = TimeSpan.FromSeconds(20);
        await using var cluster = await LocalCluster.StartAsync(Settings);
        await using var load = LoadRun.Start(cluster.Url, Connections, Channels, PublishPerSecond, TimeSpan.FromSeconds(5), duration, TimeSpan.FromMinutes(3));

        // Round robin without stickiness: both edges hold sessions, and together all of them.
        await AwaitSessionsAsync(cluster, load, Connections, "every connection on an edge, and sessions on both edges");

        var (exitCode, report) = await load.FinishAsync();
        output.WriteLine(report.ToJsonString());
        Assert.True(exitCode == 0, $"the load tool exited with {exitCode} (--max-loss 0)\n{load.Tail}");
        AssertNothingLost(report, Connections);
        Assert.Equal(0, Count(report, "Errors"));
        AssertEveryClientKeptReceiving(report, Connections, Channels, PublishPerSecond, duration);
    }

    [Fact]
    public async Task RestartingAnEdgeAndASilo_UnderLoad_EveryClientResumes_NothingLost()
    {
        const int Connections = 200, Channels = 10, PublishPerSecond = 20;
        var duration = TimeSpan.FromSeconds(45);
        await using var cluster = await LocalCluster.StartAsync(Settings);
        await using var load = LoadRun.Start(cluster.Url, Connections, Channels, PublishPerSecond, TimeSpan.FromSeconds(3), duration, TimeSpan.FromMinutes(4));
        await AwaitSessionsAsync(cluster, load, Connections, "every connection on an edge before the restarts");

        // A rolling restart by hand, inside the measured window: the edge drains (its clients get disconnect
        // 3000 with reconnect: true and come back through nginx to the other edge, resuming from their last
        // offset); then the silo leaves gracefully and its channel grains come back on the other silo from
        // Redis, with the same epoch, while edges fetch what they missed.
        await cluster.RestartAsync("edge1");
        output.WriteLine("edge1 restarted");
        await cluster.RestartAsync("silo1");
        output.WriteLine("silo1 restarted");

        var (exitCode, report) = await load.FinishAsync();
        output.WriteLine(report.ToJsonString());
        Assert.True(exitCode == 0, $"the load tool exited with {exitCode} (--max-loss 0)\n{load.Tail}\n{cluster.Log("edge2")}");
        AssertNothingLost(report, Connections);

        // The clients of the drained edge reconnected, and every resume was recovered from the history window.
        Assert.True(Count(report, "Reconnects") > 0, "no client reconnected although edge1 drained its clients");
        Assert.Equal(0, Count(report, "ReconnectFailures"));
        Assert.Equal(0, Count(report, "NotRecovered"));
        Assert.True(Count(report, "Recovered") > 0, "no resume was recovered from the history window");
        AssertEveryClientKeptReceiving(report, Connections, Channels, PublishPerSecond, duration);
    }

    private static void AssertNothingLost(JsonObject report, int connections)
    {
        Assert.Equal(connections, Count(report, "Connected"));
        Assert.Equal(0, Count(report, "ConnectFailures"));
        Assert.Equal(0, Count(report, "Lost"));
        Assert.Equal(0, Count(report, "Duplicated"));
    }

    /// <summary>
    /// Offsets only reveal holes between messages a client received; a client that silently stopped receiving
    /// shows up here instead: deliveries must be close to publications × subscribers per channel.
    /// </summary>
    private static void AssertEveryClientKeptReceiving(JsonObject report, int connections, int channels, int publishPerSecond, TimeSpan duration)
    {
        var expected = publishPerSecond * duration.TotalSeconds * (connections / channels);
        var delivered = Count(report, "Delivered");
        Assert.True(delivered >= 0.8 * expected, $"{delivered} deliveries in the window, expected about {expected:0}: some clients stopped receiving");
    }

    private static long Count(JsonObject report, string field) =>
        report[field] is { } value ? (long)value : throw new Xunit.Sdk.XunitException($"the load tool's report has no {field}: {report.ToJsonString()}");

    /// <summary>Polls the edges' session counts until they hold every connection between them, each some.</summary>
    private async Task AwaitSessionsAsync(LocalCluster cluster, LoadRun load, int connections, string what)
    {
        var sessions = new long[cluster.EdgeUrls.Count];
        try
        {
            await Eventually.TrueAsync(
                async () =>
                {
                    sessions = await cluster.SessionsPerEdgeAsync();

                    // The publisher is a connection too.
                    return sessions.All(s => s > 0) && sessions.Sum() >= connections;
                },
                what,
                TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}; sessions per edge: {string.Join(", ", sessions)}\n{load.Tail}", ex);
        }

        output.WriteLine("sessions per edge: " + string.Join(", ", sessions));
    }
}
