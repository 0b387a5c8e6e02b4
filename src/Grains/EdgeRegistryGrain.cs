using Microsoft.Extensions.Options;
using Realtime.Grains.State;

namespace Realtime.Grains;

/// <summary>Live edges by tag, each leased for <see cref="ChannelOptions.EdgeLease"/> and renewed by its edge.</summary>
public sealed class EdgeRegistryGrain(IOptions<ChannelOptions> options, TimeProvider time) : Grain, IEdgeRegistryGrain
{
    private readonly Dictionary<string, EdgeLease> _edges = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task RegisterAsync(string tag, string edgeId, IEdgeObserver observer)
    {
        _edges[tag] = new EdgeLease(observer, time.GetUtcNow() + options.Value.EdgeLease, 0);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task UnregisterAsync(string tag)
    {
        _edges.Remove(tag);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IEdgeObserver?> FindAsync(string tag)
    {
        if (_edges.TryGetValue(tag, out var lease) && lease.Expires >= time.GetUtcNow())
        {
            return Task.FromResult<IEdgeObserver?>(lease.Observer);
        }

        _edges.Remove(tag);
        return Task.FromResult<IEdgeObserver?>(null);
    }
}
