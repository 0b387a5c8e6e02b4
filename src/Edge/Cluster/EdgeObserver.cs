using Realtime.Grains;

namespace Realtime.Edge.Cluster;

/// <summary>Receives channel fan-out for this edge and hands it to the local hub.</summary>
internal sealed class EdgeObserver(LocalHub hub) : IEdgeObserver
{
    public Task OnPublicationAsync(ChannelPublication publication)
    {
        hub.OnPublication(publication);
        return Task.CompletedTask;
    }
}
