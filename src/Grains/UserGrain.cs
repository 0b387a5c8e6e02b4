using Realtime.Grains.State;

namespace Realtime.Grains;

/// <summary>
/// A user's live connections on every edge: the per-user connection limit, user presence
/// (<c>$users:&lt;id&gt;</c>) and the server API's per-user actions. In memory only: if the grain is lost
/// with its silo, it knows only the connections made after, which can let a user in, never lock one out.
/// </summary>
public sealed class UserGrain : Grain, IUserGrain
{
    private readonly PresenceSet _connections = new();

    /// <inheritdoc />
    public async Task<bool> TryAddConnectionAsync(PresenceMember connection, int max)
    {
        if (max > 0 && _connections.Count >= max && !_connections.Contains(connection.ClientId))
        {
            await ForgetDeadEdgesAsync();
            if (_connections.Count >= max)
            {
                return false;
            }
        }

        _connections.Join(connection, DateTimeOffset.UtcNow);
        return true;
    }

    /// <inheritdoc />
    public Task RemoveConnectionAsync(string clientId)
    {
        if (_connections.Leave(clientId) is not null && _connections.Count == 0)
        {
            DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<string[]> GetConnectionsAsync()
    {
        await ForgetDeadEdgesAsync();
        return _connections.ClientIds();
    }

    /// <inheritdoc />
    public async Task<PresencePage> GetPresenceAsync(string? after, int limit)
    {
        await ForgetDeadEdgesAsync();
        return _connections.Page(after, Math.Max(0, limit));
    }

    // A crashed edge never removed its connections; its registration lapses with its lease.
    private async Task ForgetDeadEdgesAsync()
    {
        if (_connections.Count == 0)
        {
            return;
        }

        var registry = GrainFactory.GetGrain<IEdgeRegistryGrain>(ClientIds.RegistryKey);
        HashSet<string>? dead = null;
        foreach (var tag in _connections.ClientIds().Select(ClientIds.EdgeTag).Distinct(StringComparer.Ordinal))
        {
            if (tag is null || await registry.FindAsync(tag) is null)
            {
                (dead ??= new(StringComparer.Ordinal)).Add(tag ?? string.Empty);
            }
        }

        if (dead is not null)
        {
            _connections.LeaveWhere(m => dead.Contains(ClientIds.EdgeTag(m.ClientId) ?? string.Empty));
        }
    }
}
