using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Realtime.Grains;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests.Presence;

/// <summary>
/// Presence when the silo holding the channel goes away: the channel comes back elsewhere with a new epoch,
/// every subscriber is told to subscribe again, and presence then lists exactly who did: nobody stays a
/// member forever because the grain that knew them is gone.
/// </summary>
public sealed class PresenceSiloLossTests
{
    [Fact]
    public async Task MembersOfAChannelWhoseSiloStops_AreToldToSubscribeAgain_AndPresenceListsOnlyWhoDid()
    {
        var clusterId = "silo-loss-" + Guid.NewGuid().ToString("N")[..8];
        var edges = new List<EdgeServer>();
        try
        {
            // A is the primary silo (localhost clustering needs it alive); the channel must live on B or C.
            edges.Add(await EdgeServer.StartClusterAsync(clusterId, settings: TwoEdgeFixture.Settings));
            edges.Add(await EdgeServer.StartClusterAsync(clusterId, edges[0].SiloPort, TwoEdgeFixture.Settings));
            edges.Add(await EdgeServer.StartClusterAsync(clusterId, edges[0].SiloPort, TwoEdgeFixture.Settings));
            var a = edges[0];
            var grains = a.App.Services.GetRequiredService<IGrainFactory>();
            await Eventually.TrueAsync(
                () => a.App.Services.GetRequiredService<ISiloStatusOracle>().GetApproximateSiloStatuses(onlyActive: true).Count == 3,
                "three active silos");

            var (channel, host) = await ChannelOffThePrimaryAsync(grains, edges);
            await using var stays = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(a));
            await using var other = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(a));
            foreach (var client in new[] { stays, other })
            {
                Assert.NotNull((await client.RequestAsync("subscribe", r => r["channel"] = channel))["ok"]);
            }

            // Members join just after their subscribe replies.
            await Eventually.TrueAsync(async () => (await grains.GetGrain<IChannelGrain>(channel).GetPresenceAsync(null, 10)).Total == 2, "both members in presence");

            // An idle channel may have been collected and placed anew before the subscribes: look again.
            var silo = await HostOfAsync(grains, channel);
            host = edges.Skip(1).SingleOrDefault(e => silo?.Endpoint.Port == e.SiloPort)
                ?? throw new InvalidOperationException($"the channel moved to the primary silo ({silo}) before the test could stop its host");

            edges.Remove(host);
            await host.DisposeAsync();

            foreach (var client in new[] { stays, other })
            {
                await client.WaitForPushesAsync(
                    p => p.Any(m => (string?)m["push"] == "unsubscribed" && (string?)m["channel"] == channel),
                    "an unsubscribed push once the channel's silo is gone",
                    TimeSpan.FromSeconds(30));
            }

            // One member comes back; the other does not, and must not be listed.
            Assert.NotNull((await stays.RequestAsync("subscribe", r => r["channel"] = channel))["ok"]);
            System.Text.Json.Nodes.JsonArray members = [];
            await Eventually.TrueAsync(
                async () => (members = (await stays.RequestAsync("presence", r => r["channel"] = channel))["ok"]!["members"]!.AsArray()).Count > 0,
                "the member that subscribed again in presence");
            Assert.Equal(stays.ClientId, (string?)Assert.Single(members)!["client"]);
        }
        finally
        {
            foreach (var edge in Enumerable.Reverse(edges))
            {
                await edge.DisposeAsync();
            }
        }
    }

    private static async Task<SiloAddress?> HostOfAsync(IGrainFactory grains, string channel)
    {
        var id = grains.GetGrain<IChannelGrain>(channel).GetGrainId();
        var activations = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return activations.FirstOrDefault(a => a.GrainId == id)?.SiloAddress;
    }

    // Activates channels until one lands on a silo other than the primary, and returns it with that edge.
    private static async Task<(string Channel, EdgeServer Host)> ChannelOffThePrimaryAsync(IGrainFactory grains, List<EdgeServer> edges)
    {
        SiloAddress? silo = null;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            // Activated from B's silo: placement favours the caller's silo, which is what the test needs.
            var channel = TwoEdgeFixture.NewChannel("room");
            await edges[1].App.Services.GetRequiredService<IGrainFactory>().GetGrain<IChannelGrain>(channel).GetPresenceAsync(null, 1);
            silo = await HostOfAsync(grains, channel);
            var host = edges.Skip(1).FirstOrDefault(e => silo?.Endpoint.Port == e.SiloPort);
            if (host is not null)
            {
                return (channel, host);
            }
        }

        throw new InvalidOperationException($"no channel grain was placed off the primary silo in 50 tries (last at {silo}; edges' silo ports {string.Join(", ", edges.Select(e => e.SiloPort))})");
    }
}
