namespace Realtime.Edge.Tests.Security;

/// <summary>The security tests share one edge (<see cref="SecurityFixture"/>).</summary>
[CollectionDefinition(Name)]
public sealed class SecurityCollection : ICollectionFixture<SecurityFixture>
{
    public const string Name = "Edge security";
}
