namespace Realtime.Client.Tests;

/// <summary>Tests sharing one <see cref="ClientClusterFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ClientClusterCollection : ICollectionFixture<ClientClusterFixture>
{
    public const string Name = "client-cluster";
}
