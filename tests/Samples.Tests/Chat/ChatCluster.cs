using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Realtime.Samples.Chat.Hosting;

namespace Realtime.Samples.Tests.Chat;

/// <summary>
/// Two chat sample hosts (<see cref="ChatHost"/>, each an edge with a co-hosted silo) forming one cluster on
/// free loopback ports, configured by the sample's own appsettings.json and serving its wwwroot. Only the
/// ports, the cluster id and the local sockjs-client build are set here.
/// </summary>
public sealed class ChatCluster : IAsyncLifetime
{
    private EdgeServer? _a;
    private EdgeServer? _b;
    private Exception? _startFailure;

    /// <summary>The sample's project directory: its appsettings.json and wwwroot.</summary>
    public static string SampleDirectory => Path.Combine(RepoPaths.Root, "samples", "Chat");

    /// <summary>The first edge (the primary silo).</summary>
    public EdgeServer A => Started()._a!;

    /// <summary>The second edge, whose silo joined the first.</summary>
    public EdgeServer B => Started()._b!;

    /// <summary>What every sample host of the tests runs with besides ports: the sample's configuration as shipped.</summary>
    public static Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["contentRoot"] = SampleDirectory,
            ["Edge:ProtocolTestEndpoints"] = "false",
            ["Edge:SockJsClientFile"] = RepoPaths.SockJsClientScript,
            ["Edge:SockJsClientUrl"] = "/lib/sockjs.min.js",
        };

        // EdgeServer opens every namespace by default; the sample's appsettings.json decides here.
        foreach (var key in EdgeServer.OpenAccess.Keys)
        {
            settings[key] = null;
        }

        return settings;
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var clusterId = "chat-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture)[..8];
        try
        {
            _a = await EdgeServer.StartClusterAsync(clusterId, settings: Settings(), host: ChatHost.Build);
            _b = await EdgeServer.StartClusterAsync(clusterId, primarySiloPort: _a.SiloPort, settings: Settings(), host: ChatHost.Build);

            // Until both silos see each other, Orleans may still move activations between them.
            await Eventually.TrueAsync(() => ActiveSilos(_a) == 2 && ActiveSilos(_b) == 2, "both chat silos to see two active silos", TimeSpan.FromSeconds(30));
        }
        catch (Exception e)
        {
            _startFailure = e;
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        // B first: it joined A's cluster.
        try
        {
            if (_b is not null)
            {
                await _b.DisposeAsync();
            }
        }
        finally
        {
            if (_a is not null)
            {
                await _a.DisposeAsync();
            }
        }
    }

    private static int ActiveSilos(EdgeServer edge) =>
        edge.App.Services.GetRequiredService<ISiloStatusOracle>().GetApproximateSiloStatuses(onlyActive: true).Count;

    private ChatCluster Started()
    {
        if (_startFailure is not null)
        {
            Assert.Fail($"The two chat sample hosts did not start: {_startFailure}");
        }

        return this;
    }
}
