namespace Realtime.Grains.Hosting;

/// <summary>Where silos and clients find each other.</summary>
public enum ClusteringProvider
{
    /// <summary>Loopback only; one machine (development, tests, the embedded default).</summary>
    Localhost,

    /// <summary>A Redis membership table, for clusters of several hosts.</summary>
    Redis,
}
