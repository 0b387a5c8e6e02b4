using Realtime.LoadTest;
using Realtime.LoadTest.Scenarios;
using Realtime.TestKit;

namespace Realtime.Client.Tests;

/// <summary>
/// The load tool (<c>src/LoadTest</c>) in process against the two-edge cluster: a mix of transports with signed
/// tokens sees every publication once, and subscribers the server disconnects come back and resume with nothing lost.
/// </summary>
[Collection(ClientClusterCollection.Name)]
public sealed class LoadToolTests(ClientClusterFixture cluster)
{
    [Fact]
    public async Task MixedTransportsWithTokens_AcrossTwoEdges_LoseAndRepeatNothing()
    {
        var options = LoadOptions.Parse(Args(connections: 6, duration: "3s"));
        var report = await new Runner(options).RunAsync(CancellationToken.None);

        Assert.Equal(6, report.Connected);
        Assert.Equal(0, report.ConnectFailures);
        Assert.Equal(new Dictionary<string, long> { ["websocket"] = 2, ["xhr"] = 2, ["xhr_streaming"] = 2 }, report.ConnectedByTransport);
        Assert.True(report.Delivered > 0, "nothing was delivered");
        Assert.Equal(0, report.Lost);
        Assert.Equal(0, report.Duplicated);
        Assert.Equal(0, report.Errors);
        Assert.Null(report.GateFailure(options));
    }

    [Fact]
    public async Task SubscribersDisconnectedByTheServer_ReconnectAndResume_WithNothingLost()
    {
        const int Connections = 6;
        var runner = new Runner(LoadOptions.Parse(Args(Connections, duration: "8s")));
        var run = runner.RunAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => Interlocked.Read(ref runner.Counters.Up) == Connections && Interlocked.Read(ref runner.Counters.Received) > 50, "the subscribers to be up and receiving", TimeSpan.FromSeconds(30));

        for (var i = 0; i < Connections; i++)
        {
            await cluster.DisconnectAsync("load-" + i, code: 3000, reconnect: true);
        }

        var report = await Eventually.WithinAsync(run, "the load run to finish", TimeSpan.FromSeconds(60));
        Assert.Equal(Connections, report.Dropped);
        Assert.Equal(Connections, report.Reconnects);
        Assert.Equal(Connections, report.Recovered);
        Assert.Equal(0, report.NotRecovered);
        Assert.Equal(Connections, report.Up);
        Assert.Equal(0, report.Lost);
        Assert.Equal(0, report.Duplicated);
    }

    private string[] Args(int connections, string duration) =>
    [
        "--mode", "realtime",
        "--url", cluster.B.Url + "/realtime",
        "--publish-url", cluster.A.Url + "/realtime",
        "--transport", "mix",
        "--connections", connections.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--channels", "2",
        "--publish-rate", "100/s",
        "--payload", "64",
        "--warmup", "500ms",
        "--duration", duration,
        "--token-secret", ClientClusterFixture.Secret,
        "--token-caps", "load:*=subscribe,publish",
        "--max-loss", "0",
        "--quiet",
    ];
}
