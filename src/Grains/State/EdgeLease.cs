namespace Realtime.Grains.State;

/// <summary>An attached edge and when its registration runs out.</summary>
internal sealed record EdgeLease(IEdgeObserver Observer, DateTimeOffset Expires);
