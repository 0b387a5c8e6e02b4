namespace Realtime.Cluster.Tests.Api;

/// <summary>Tests sharing the two-edge cluster of <see cref="ApiFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
