namespace Realtime.Cluster.Tests.Auth;

/// <summary>Tests sharing the production-like two-edge cluster of <see cref="AuthFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class AuthCollection : ICollectionFixture<AuthFixture>
{
    public const string Name = "auth";
}
