using Microsoft.Extensions.Options;
using Realtime.Grains.State;

namespace Realtime.Grains;

/// <summary>Live edges by tag, each leased for <see cref="ChannelOptions.EdgeLease"/> and renewed by its edge.</summary>
public sealed class EdgeRegistryGrain(IOptions<ChannelOptions> options, TimeProvider time) : Grain, IEdgeRegistryGrain
{
    private readonly SortedDictionary<string, RegisteredEdge> _edges = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task RegisterAsync(string tag, string edgeId, IEdgeObserver observer)
    {
        _edges[tag] = new RegisteredEdge(edgeId, observer, time.GetUtcNow() + options.Value.EdgeLease);
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
        if (_edges.TryGetValue(tag, out var edge) && edge.Expires >= time.GetUtcNow())
        {
            return Task.FromResult<IEdgeObserver?>(edge.Observer);
        }

        _edges.Remove(tag);
        return Task.FromResult<IEdgeObserver?>(null);
    }

    /// <inheritdoc />
    public Task<LiveEdge[]> ListAsync()
    {
        var now = time.GetUtcNow();
        foreach (var (tag, _) in _edges.Where(e => e.Value.Expires < now).ToList())
        {
            _edges.Remove(tag);
        }

        return Task.FromResult(_edges.Select(e => new LiveEdge(e.Key, e.Value.EdgeId, e.Value.Observer)).ToArray());
    }
}
