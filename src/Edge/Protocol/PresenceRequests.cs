using System.Text.Json;
using Microsoft.Extensions.Options;
using Realtime.Edge.Auth;
using Realtime.Edge.Channels;
using Realtime.Edge.Cluster;

namespace Realtime.Edge.Protocol;

/// <summary>
/// The <c>presence</c> op: who is in a channel, across every edge, one page of
/// <c>Realtime:PresencePageSize</c> members at a time (pass the reply's <c>next</c> as <c>cursor</c>);
/// for <c>$users:&lt;id&gt;</c>, the user's live connections. And <c>update-presence</c>: a subscribed
/// member replaces its data, which the others see as a <c>join</c> of the updated member.
/// </summary>
internal sealed class PresenceRequests(ClusterAdapter cluster, ChannelNamespaces namespaces, IOptions<RealtimeOptions> options)
{
    private readonly RealtimeOptions _options = options.Value;

    public async Task<string> PresenceAsync(ClientSession session, ProtocolRequest request)
    {
        var channel = request.RequiredString("channel");
        string? cursor = null;
        if (request.Root.TryGetProperty("cursor"u8, out var c) && c.ValueKind != JsonValueKind.Null)
        {
            cursor = c.ValueKind == JsonValueKind.String ? c.GetString() : throw new ProtocolError(ProtocolCodes.BadRequest, "\"cursor\" must be a string");
        }

        var ns = ChannelAccess.Namespace(namespaces, channel, _options.MaxChannelNameLength);
        ChannelAccess.Require(session, ns, channel, session.GrantsOf(channel), ChannelOps.Presence, "see the presence of");

        RequirePresence(ns, channel);
        var page = await cluster.GetPresenceAsync(channel, cursor, _options.PresencePageSize);
        return Replies.Ok(request.Id, w =>
        {
            w.WriteStartArray("members"u8);
            foreach (var member in page.Members)
            {
                Pushes.WriteMember(w, member);
            }

            w.WriteEndArray();
            w.WriteNumber("users"u8, page.Users);
            w.WriteNumber("total"u8, page.Total);
            if (page.Next is not null)
            {
                w.WriteString("next"u8, page.Next);
            }
        });
    }

    public async Task<string> UpdateAsync(ClientSession session, ProtocolRequest request)
    {
        var channel = request.RequiredString("channel");
        var ns = ChannelAccess.Namespace(namespaces, channel, _options.MaxChannelNameLength);
        if (!request.Root.TryGetProperty("data"u8, out _))
        {
            throw new ProtocolError(ProtocolCodes.BadRequest, "\"data\" is required");
        }

        RequirePresence(ns, channel);
        var data = Data(request, "data"u8, ns, _options);
        if (!session.HasChannel(channel) || !await cluster.UpdatePresenceAsync(channel, session.ClientId, data, ns.JoinLeave))
        {
            throw new ProtocolError(ProtocolCodes.Conflict, $"not subscribed to \"{channel}\"");
        }

        return Replies.Ok(request.Id);
    }

    /// <summary>A member's presence data from <paramref name="field"/>: any JSON within the namespace's message size, or null.</summary>
    public static string? Data(ProtocolRequest request, ReadOnlySpan<byte> field, NamespaceOptions ns, RealtimeOptions options)
    {
        if (!request.Root.TryGetProperty(field, out var data) || data.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var json = data.GetRawText();
        var limit = ns.MaxMessageBytes > 0 ? ns.MaxMessageBytes : options.MaxDataBytes;
        return System.Text.Encoding.UTF8.GetByteCount(json) <= limit
            ? json
            : throw new ProtocolError(ProtocolCodes.TooLarge, $"\"{System.Text.Encoding.UTF8.GetString(field)}\" is over {limit} bytes");
    }

    private static void RequirePresence(NamespaceOptions ns, string channel)
    {
        if (!ns.Presence)
        {
            throw new ProtocolError(ProtocolCodes.Forbidden, $"presence is off in namespace \"{ChannelNamespaces.NameOf(channel)}\"");
        }
    }
}
