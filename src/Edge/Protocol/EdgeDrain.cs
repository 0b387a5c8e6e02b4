namespace Realtime.Edge.Protocol;

/// <summary>
/// Set once the edge begins to stop. Kestrel keeps accepting until the host stops it, after the shutdown
/// callbacks; meanwhile a new connection is sent away at once (so a client told to reconnect cannot land
/// here again) and readiness turns false (so the load balancer stops sending more).
/// </summary>
internal sealed class EdgeDrain
{
    private volatile bool _draining;

    public bool Draining => _draining;

    public void Start() => _draining = true;
}
