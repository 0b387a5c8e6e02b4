using Realtime.Edge.Auth;
using Realtime.Edge.Channels;

namespace Realtime.Edge.Protocol;

/// <summary>The checks every channel op starts with, worded the same for each: a valid name in a known namespace (400, 404), then permission (403).</summary>
internal static class ChannelAccess
{
    public static NamespaceOptions Namespace(ChannelNamespaces namespaces, string channel, int maxNameLength)
    {
        ChannelNames.Validate(channel, maxNameLength);
        return namespaces.Find(channel)
            ?? throw new ProtocolError(ProtocolCodes.NotFound, $"unknown channel namespace \"{ChannelNamespaces.NameOf(channel)}\"");
    }

    /// <summary>As <see cref="Namespace"/>, for every op but <c>presence</c>: a user presence channel (<c>$users:&lt;id&gt;</c>) answers only that (400).</summary>
    public static NamespaceOptions DataNamespace(ChannelNamespaces namespaces, string channel, int maxNameLength)
    {
        var ns = Namespace(namespaces, channel, maxNameLength);
        return !UserChannels.Is(channel) ? ns : throw new ProtocolError(ProtocolCodes.BadRequest, $"\"{channel}\" is a user presence channel: it only answers presence");
    }

    /// <summary>Throws 403 <c>not allowed to {action} "{channel}"</c> unless <paramref name="op"/> is allowed.</summary>
    public static void Require(ClientSession session, NamespaceOptions ns, string channel, ChannelOps grants, ChannelOps op, string action)
    {
        if (!Allows(session, ns, channel, grants, op))
        {
            throw new ProtocolError(ProtocolCodes.Forbidden, $"not allowed to {action} \"{channel}\"");
        }
    }

    public static bool Allows(ClientSession session, NamespaceOptions ns, string channel, ChannelOps grants, ChannelOps op) =>
        (Permissions.Allowed(session.Claims, ns, channel, grants) & op) != 0;
}
