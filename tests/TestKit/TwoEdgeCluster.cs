using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Xunit;

namespace Realtime.TestKit;

/// <summary>
/// Two co-hosted edges whose silos form one cluster, started with the same settings and stopped in
/// reverse order; the fixtures differ only in their settings, and in <paramref name="host"/> when they run an
/// app built on the edge (as for <see cref="EdgeServer.StartClusterAsync"/>).
/// </summary>
public abstract class TwoEdgeCluster(string clusterId, IReadOnlyDictionary<string, string?> settings, Func<string[], WebApplication>? host = null) : IAsyncLifetime
{
    private EdgeServer? _a;
    private EdgeServer? _b;

    public string ClusterId { get; } = clusterId;

    public EdgeServer A => _a ?? throw new InvalidOperationException("not started");

    public EdgeServer B => _b ?? throw new InvalidOperationException("not started");

    public virtual async Task InitializeAsync()
    {
        _a = await EdgeServer.StartClusterAsync(ClusterId, settings: settings, host: host);
        _b = await EdgeServer.StartClusterAsync(ClusterId, primarySiloPort: _a.SiloPort, settings: settings, host: host);

        // Tests start once both silos see each other as active: while membership still changes, Orleans
        // may move or re-create activations, and grains that keep counts in memory would forget them.
        await Eventually.TrueAsync(
            () => ActiveSilos(_a) == 2 && ActiveSilos(_b) == 2,
            "both silos to see two active silos");

        // And once the edge registry knows both edges: on a loaded machine an edge may start serving before
        // its first registration lands, and per-user limits and the server API read the registry.
        var registry = _a.App.Services.GetRequiredService<IGrainFactory>().GetGrain<Realtime.Grains.IEdgeRegistryGrain>(Realtime.Grains.ClientIds.RegistryKey);
        await Eventually.TrueAsync(
            async () => await registry.FindAsync(Tag(_a)) is not null && await registry.FindAsync(Tag(_b)) is not null,
            "the edge registry to know both edges");
    }

    private static string Tag(EdgeServer edge) => edge.App.Services.GetRequiredService<Realtime.Edge.Cluster.EdgeIdentity>().Tag;

    private static int ActiveSilos(EdgeServer edge) =>
        edge.App.Services.GetRequiredService<ISiloStatusOracle>().GetApproximateSiloStatuses(onlyActive: true).Count;

    public virtual async Task DisposeAsync()
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
}
