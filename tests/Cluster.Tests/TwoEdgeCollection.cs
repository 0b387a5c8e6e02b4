namespace Realtime.Cluster.Tests;

/// <summary>Tests sharing one <see cref="TwoEdgeFixture"/>: two edges, two silos, one cluster.</summary>
[CollectionDefinition(Name)]
public sealed class TwoEdgeCollection : ICollectionFixture<TwoEdgeFixture>
{
    public const string Name = "two-edges";
}
