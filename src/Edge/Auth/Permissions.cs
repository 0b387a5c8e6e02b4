using Realtime.Edge.Channels;

namespace Realtime.Edge.Auth;

/// <summary>
/// The one place that decides what a connection may do on a channel, so every op and every transport
/// asks the same question.
/// </summary>
internal static class Permissions
{
    /// <summary>
    /// The ops allowed. A public namespace grants its defaults (<see cref="NamespaceOptions.Anonymous"/> or
    /// <see cref="NamespaceOptions.Authenticated"/>) plus what the token's <c>caps</c> grant on the channel.
    /// A private namespace grants only what the channel's subscription token granted
    /// (<paramref name="subscriptionGrants"/>, none until subscribed with one). Publishing needs
    /// <see cref="NamespaceOptions.ClientPublish"/> on top.
    /// </summary>
    public static ChannelOps Allowed(ConnectionClaims connection, NamespaceOptions ns, string channel, ChannelOps subscriptionGrants)
    {
        var ops = ns.Private
            ? subscriptionGrants
            : (connection.IsAnonymous ? ns.Anonymous : ns.Authenticated | connection.Capabilities.For(channel)) | subscriptionGrants;
        return ns.ClientPublish ? ops : ops & ~ChannelOps.Publish;
    }
}
