using Microsoft.Extensions.Options;
using Realtime.Edge.Channels;
using Realtime.Edge.Cluster;
using Realtime.Edge.Protocol;

namespace Realtime.Edge.Api;

/// <summary>
/// The server API's channel check, in this order: the name (400), the key's namespaces (403), the
/// namespace (404); user presence channels only where the endpoint reads presence.
/// </summary>
internal sealed class ApiChannels(ChannelNamespaces namespaces, IOptions<RealtimeOptions> options)
{
    private readonly int _maxNameLength = options.Value.MaxChannelNameLength;

    public NamespaceOptions Check(ApiKey key, string channel, bool userChannel = false)
    {
        ChannelNames.Validate(channel, _maxNameLength);
        if (!key.Allows(channel))
        {
            throw new ProtocolError(ProtocolCodes.Forbidden, $"this API key may not act on namespace \"{ChannelNamespaces.NameOf(channel)}\"");
        }

        var ns = namespaces.Find(channel)
            ?? throw new ProtocolError(ProtocolCodes.NotFound, $"unknown channel namespace \"{ChannelNamespaces.NameOf(channel)}\"");
        return userChannel || !UserChannels.Is(channel)
            ? ns
            : throw new ProtocolError(ProtocolCodes.BadRequest, $"\"{channel}\" is a user presence channel: it only answers presence");
    }
}
