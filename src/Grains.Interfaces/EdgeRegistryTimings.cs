namespace Realtime.Grains;

/// <summary>The pace edges and the edge registry agree on.</summary>
public static class EdgeRegistryTimings
{
    /// <summary>
    /// Longest time between two registrations of a live edge. A registry activated afresh (its silo left, or
    /// it was collected) has heard from every live edge once this much has passed.
    /// </summary>
    public static readonly TimeSpan RegisterInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long a fresh registry waits before it says an edge is unknown: one interval and a margin for a slow call.</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromMilliseconds(1500);
}
