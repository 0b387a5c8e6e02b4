using Microsoft.Extensions.Options;
using Realtime.Grains.State;

namespace Realtime.Grains;

/// <summary>
/// Live edges by tag, each leased for <see cref="ChannelOptions.EdgeLease"/> and renewed by its edge. Lookups
/// interleave with registrations so that a lookup waiting out the warm-up of a fresh activation lets the
/// edges' registrations in meanwhile.
/// </summary>
public sealed class EdgeRegistryGrain(IOptions<ChannelOptions> options, TimeProvider time) : Grain, IEdgeRegistryGrain
{
    private readonly SortedDictionary<string, RegisteredEdge> _edges = new(StringComparer.Ordinal);
    private DateTimeOffset _warm;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _warm = time.GetUtcNow() + EdgeRegistryTimings.WarmUp;
        return Task.CompletedTask;
    }

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
    public async Task<IEdgeObserver?> FindAsync(string tag)
    {
        if (!_edges.ContainsKey(tag))
        {
            await WarmAsync();
        }

        if (_edges.TryGetValue(tag, out var edge) && edge.Expires >= time.GetUtcNow())
        {
            return edge.Observer;
        }

        _edges.Remove(tag);
        return null;
    }

    /// <inheritdoc />
    public async Task<LiveEdge[]> ListAsync()
    {
        await WarmAsync();
        var now = time.GetUtcNow();
        foreach (var (tag, _) in _edges.Where(e => e.Value.Expires < now).ToList())
        {
            _edges.Remove(tag);
        }

        return [.. _edges.Select(e => new LiveEdge(e.Key, e.Value.EdgeId, e.Value.Observer))];
    }

    private Task WarmAsync()
    {
        var left = _warm - time.GetUtcNow();
        return left > TimeSpan.Zero ? Task.Delay(left, time) : Task.CompletedTask;
    }
}
