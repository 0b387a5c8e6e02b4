using Orleans.Core.Internal;
using Realtime.Grains;

namespace Realtime.Cluster.Tests.Durability;

/// <summary>Makes Orleans deactivate a channel grain, as idle collection or a migration would, and waits until a new activation answers.</summary>
internal static class ChannelRecreation
{
    public static async Task RecreateAsync(IGrainFactory grains, string channel)
    {
        var grain = grains.GetGrain<IChannelGrain>(channel);

        // An attachment that is never renewed marks this activation: the next one does not know it.
        var probe = grains.CreateObjectReference<IEdgeObserver>(new RecordingEdgeObserver());
        try
        {
            await grain.AttachEdgeAsync("probe", probe, 1, null);
            await grain.Cast<IGrainManagementExtension>().DeactivateOnIdle();
            await AsyncCondition.TrueAsync(async () => !(await grain.GetEdgesAsync()).Contains("probe"), $"channel {channel} to be re-created (a new activation without the probe edge)");
        }
        finally
        {
            grains.DeleteObjectReference<IEdgeObserver>(probe);
        }
    }
}
