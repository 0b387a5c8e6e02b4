namespace Realtime.Grains.State;

/// <summary>
/// A bounded set of client ids spread over edges. When full, it first forgets the clients of edges that
/// are no longer registered: a crashed edge never removed its clients, and its registration lapses with
/// its lease, so the limit frees up within <c>Channels:EdgeLease</c>.
/// </summary>
internal sealed class ClientSet
{
    private readonly HashSet<string> _clients = new(StringComparer.Ordinal);

    public int Count => _clients.Count;

    public string[] ToArray() => [.. _clients];

    public async Task<bool> TryAddAsync(string clientId, int max, IGrainFactory grains)
    {
        if (_clients.Contains(clientId))
        {
            return true;
        }

        if (_clients.Count >= max)
        {
            await ForgetDeadEdgesAsync(grains);
        }

        return _clients.Count < max && _clients.Add(clientId);
    }

    public bool Remove(string clientId) => _clients.Remove(clientId);

    /// <summary>Forgets the clients of edges that are no longer registered.</summary>
    public async Task ForgetDeadEdgesAsync(IGrainFactory grains)
    {
        var registry = grains.GetGrain<IEdgeRegistryGrain>(ClientIds.RegistryKey);
        foreach (var tag in _clients.Select(ClientIds.EdgeTag).Distinct(StringComparer.Ordinal).ToArray())
        {
            if (tag is null || await registry.FindAsync(tag) is null)
            {
                _clients.RemoveWhere(c => ClientIds.EdgeTag(c) == tag);
            }
        }
    }
}
