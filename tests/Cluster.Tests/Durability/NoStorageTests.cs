using Microsoft.Extensions.DependencyInjection;
using Realtime.Grains;

namespace Realtime.Cluster.Tests.Durability;

/// <summary>
/// A silo without channel storage (<c>Cluster:Persistence=None</c>) refuses durable calls rather than keep the
/// channel in memory: an edge whose settings disagree with its silos' (a client edge) gets errors, never a
/// durable promise that is not kept.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class NoStorageTests(ClusterFixture cluster)
{
    [Fact]
    public async Task DurableCalls_OnASiloWithoutStorage_Fail_AndAnswerNothing()
    {
        var grains = cluster.Edge.App.Services.GetRequiredService<IGrainFactory>();
        var grain = grains.GetGrain<IChannelGrain>("kept:" + Guid.NewGuid().ToString("N")[..12]);
        var durable = new HistoryPolicy(10, TimeSpan.Zero, Durable: true);

        var publish = await Assert.ThrowsAnyAsync<Exception>(() => grain.PublishAsync(new PublishRequest("1", null, null, durable)));
        Assert.Contains("channels", publish.ToString(), StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<Exception>(() => grain.GetHistoryAsync(new HistoryQuery(null, 10, durable)));
    }
}
