namespace Realtime.Edge.Tests.Protocol;

/// <summary>The conformance classes share one server (<see cref="SockJsServerFixture"/>).</summary>
[CollectionDefinition(Name)]
public sealed class SockJsCollection : ICollectionFixture<SockJsServerFixture>
{
    /// <summary>Collection name.</summary>
    public const string Name = "SockJS conformance";
}
