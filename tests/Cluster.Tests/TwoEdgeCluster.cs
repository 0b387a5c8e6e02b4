using Realtime.TestKit;

namespace Realtime.Cluster.Tests;

/// <summary>
/// Two co-hosted edges whose silos form one cluster, started with the same settings and stopped in
/// reverse order; the fixtures differ only in their settings.
/// </summary>
public abstract class TwoEdgeCluster(string clusterId, IReadOnlyDictionary<string, string?> settings) : IAsyncLifetime
{
    private EdgeServer? _a;
    private EdgeServer? _b;

    public string ClusterId { get; } = clusterId;

    public EdgeServer A => _a ?? throw new InvalidOperationException("not started");

    public EdgeServer B => _b ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _a = await EdgeServer.StartClusterAsync(ClusterId, settings: settings);
        _b = await EdgeServer.StartClusterAsync(ClusterId, primarySiloPort: _a.SiloPort, settings: settings);
    }

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
}
