using Realtime.TestKit;

namespace Realtime.Cluster.Tests;

/// <summary>One co-hosted edge (edge plus silo) shared by a test collection; silos take seconds to start.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private EdgeServer? _edge;

    public EdgeServer Edge => _edge ?? throw new InvalidOperationException("not started");

    public string Realtime => Edge.Url + "/realtime";

    public async Task InitializeAsync() =>
        _edge = await EdgeServer.StartClusterAsync("fixture-" + Guid.NewGuid().ToString("N")[..8], settings: new Dictionary<string, string?> { ["Realtime:MaxDataBytes"] = "1024" });

    public async Task DisposeAsync()
    {
        if (_edge is not null)
        {
            await _edge.DisposeAsync();
        }
    }
}
