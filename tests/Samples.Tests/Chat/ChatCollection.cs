namespace Realtime.Samples.Tests.Chat;

/// <summary>The chat tests share one two-host cluster of the sample and run one at a time (2 cores).</summary>
[CollectionDefinition(Name)]
public sealed class ChatCollection : ICollectionFixture<ChatCluster>
{
    /// <summary>Collection name.</summary>
    public const string Name = "Chat sample";
}
