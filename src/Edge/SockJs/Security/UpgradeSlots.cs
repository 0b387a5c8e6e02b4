namespace Realtime.Edge.SockJs.Security;

/// <summary>
/// The edge's count of open WebSocket connections against <see cref="SockJsOptions.MaxWebSocketConnections"/>.
/// Kestrel's own <c>MaxConcurrentUpgradedConnections</c> never sees the fast path's sockets, so the edge counts
/// them all here, whichever path accepted them.
/// </summary>
internal sealed class UpgradeSlots(int max)
{
    private int _open;

    /// <summary>Connections counted now.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>The most this edge holds; 0 for no limit.</summary>
    public int Max => max;

    /// <summary>Counts one more connection; false (and nothing counted) when the edge is full.</summary>
    public bool TryTake()
    {
        if (Interlocked.Increment(ref _open) <= max || max <= 0)
        {
            return true;
        }

        Interlocked.Decrement(ref _open);
        return false;
    }

    /// <summary>Gives back the place of a connection <see cref="TryTake"/> counted.</summary>
    public void Release() => Interlocked.Decrement(ref _open);
}
