namespace Realtime.Grains.Webhooks;

/// <summary>The webhook event names; they are part of the contract with apps.</summary>
public static class WebhookEventNames
{
    /// <summary>A channel got its first subscriber in the cluster.</summary>
    public const string ChannelOccupied = "channel.occupied";

    /// <summary>A channel lost its last subscriber in the cluster.</summary>
    public const string ChannelVacated = "channel.vacated";

    /// <summary>A presence member joined a channel.</summary>
    public const string MemberAdded = "member.added";

    /// <summary>A presence member left a channel.</summary>
    public const string MemberRemoved = "member.removed";

    /// <summary>A client published to a channel of a namespace with <c>PublishWebhook</c> on.</summary>
    public const string ClientPublished = "client.published";

    /// <summary>A user's first connection in the cluster.</summary>
    public const string UserConnected = "user.connected";

    /// <summary>A user's last connection in the cluster closed.</summary>
    public const string UserDisconnected = "user.disconnected";

    /// <summary>Every event name.</summary>
    public static readonly string[] All = [ChannelOccupied, ChannelVacated, MemberAdded, MemberRemoved, ClientPublished, UserConnected, UserDisconnected];
}
