namespace Realtime.Edge.Cluster;

/// <summary>This edge process's id in channel registrations: new on every start.</summary>
internal sealed class EdgeIdentity
{
    public string Id { get; } = "edge-" + Environment.MachineName + "-" + Guid.NewGuid().ToString("N")[..12];
}
