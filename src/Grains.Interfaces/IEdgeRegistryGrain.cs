using Orleans.Concurrency;

namespace Realtime.Grains;

/// <summary>
/// The live edges, by the short tag each puts in front of its client ids, so a grain can reach the
/// edge that serves a given client. Registrations are leased like channel attachments. The registry lives in
/// memory: activated afresh, it answers lookups only after <see cref="EdgeRegistryTimings.WarmUp"/>, by which
/// time every live edge has registered again, so a lost activation never makes a live edge look gone.
/// </summary>
[Alias("realtime.edge-registry")]
public interface IEdgeRegistryGrain : IGrainWithStringKey
{
    /// <summary>Registers or renews an edge for <c>Channels:EdgeLease</c>.</summary>
    [Alias("register")]
    Task RegisterAsync(string tag, string edgeId, IEdgeObserver observer);

    /// <summary>Removes an edge that is shutting down.</summary>
    [Alias("unregister")]
    Task UnregisterAsync(string tag);

    /// <summary>The observer of the edge with <paramref name="tag"/>, or null when it is not registered (or its lease ran out).</summary>
    [Alias("find")]
    [AlwaysInterleave]
    Task<IEdgeObserver?> FindAsync(string tag);

    /// <summary>Every edge whose lease has not run out, in tag order; an edge that crashed stays listed until then.</summary>
    [Alias("list")]
    [AlwaysInterleave]
    Task<LiveEdge[]> ListAsync();
}
