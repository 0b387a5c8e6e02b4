namespace Realtime.Edge.Cluster;

/// <summary>This edge process's id in registrations, and the short tag its client ids start with: new on every start.</summary>
internal sealed class EdgeIdentity
{
    public EdgeIdentity()
    {
        Tag = Guid.NewGuid().ToString("N")[..12];
        Id = "edge-" + Environment.MachineName + "-" + Tag;
    }

    public string Id { get; }

    public string Tag { get; }
}
