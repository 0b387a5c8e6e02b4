namespace Realtime.Cluster.Tests.Durability;

/// <summary>Tests sharing one <see cref="DurabilityFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class DurabilityCollection : ICollectionFixture<DurabilityFixture>
{
    public const string Name = "durability";
}
