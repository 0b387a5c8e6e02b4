namespace Realtime.Grains.State;

/// <summary>An edge's registration in the registry: who it is, where it takes calls, and when it runs out unless renewed.</summary>
internal sealed record RegisteredEdge(string EdgeId, IEdgeObserver Observer, DateTimeOffset Expires);
