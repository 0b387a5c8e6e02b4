namespace Realtime.Grains.State;

/// <summary>
/// An edge's registration with a channel: its observer (null once detached), when it runs out, and the
/// sequence of the edge's last applied attach or detach. A detached edge's entry stays until it runs
/// out, so an attach that was overtaken by the detach can still be recognised as stale.
/// </summary>
internal sealed record EdgeLease(IEdgeObserver? Observer, DateTimeOffset Expires, long Sequence);
