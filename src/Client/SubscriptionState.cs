namespace Realtime.Client;

/// <summary>Where a <see cref="Subscription"/> is.</summary>
public enum SubscriptionState
{
    /// <summary>The <c>subscribe</c> request is out.</summary>
    Subscribing,

    /// <summary>Subscribed: publications arrive.</summary>
    Subscribed,

    /// <summary>The connection dropped; the subscription resumes from its position once the client reconnects.</summary>
    Resubscribing,

    /// <summary>Ended by the app or the server; nothing more arrives.</summary>
    Unsubscribed,
}
