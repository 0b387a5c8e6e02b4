namespace Realtime.Cluster.Tests.Observability;

/// <summary>Tests that must not share the process with other tests' edges: xunit runs this collection alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "serial";
}
