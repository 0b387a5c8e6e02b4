namespace Realtime.Grains.Hosting;

/// <summary>How an edge process takes part in the cluster.</summary>
public enum ClusterMode
{
    /// <summary>The edge hosts a silo in its own process (the embedded default).</summary>
    CoHosted,

    /// <summary>The edge is an Orleans client of external silos.</summary>
    Client,

    /// <summary>No cluster: SockJS services only, without the realtime protocol (transport tests, benchmarks).</summary>
    None,
}
