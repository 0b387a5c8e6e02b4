namespace Realtime.Browser.Tests;

/// <summary>The real-client tests share one edge and page server and run one at a time (2 cores).</summary>
[CollectionDefinition(Name)]
public sealed class RealClientsCollection : ICollectionFixture<RealClientsFixture>
{
    /// <summary>Collection name.</summary>
    public const string Name = "Real SockJS clients";
}
