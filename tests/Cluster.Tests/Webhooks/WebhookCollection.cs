namespace Realtime.Cluster.Tests.Webhooks;

/// <summary>Tests sharing one <see cref="WebhookFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class WebhookCollection : ICollectionFixture<WebhookFixture>
{
    public const string Name = "webhooks";
}
