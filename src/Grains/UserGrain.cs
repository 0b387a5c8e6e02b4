using Realtime.Grains.State;

namespace Realtime.Grains;

/// <summary>
/// Counts a user's connections. In memory only: if the grain is lost with its silo, the count starts
/// again from the connections made after, which can only let a user in, never lock one out.
/// </summary>
public sealed class UserGrain : Grain, IUserGrain
{
    private readonly ClientSet _connections = new();

    /// <inheritdoc />
    public Task<bool> TryAddConnectionAsync(string clientId, int max) => _connections.TryAddAsync(clientId, max, GrainFactory);

    /// <inheritdoc />
    public Task RemoveConnectionAsync(string clientId)
    {
        if (_connections.Remove(clientId) && _connections.Count == 0)
        {
            DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<string[]> GetConnectionsAsync() => Task.FromResult(_connections.ToArray());
}
