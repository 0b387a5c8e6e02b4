using System.Text.Json;
using Microsoft.Extensions.Options;
using Realtime.Edge.Auth;
using Realtime.Edge.Channels;
using Realtime.Edge.Cluster;

namespace Realtime.Edge.Protocol;

/// <summary>
/// The <c>presence</c> op: who is in a channel, across every edge, one page of
/// <c>Realtime:PresencePageSize</c> members at a time (pass the reply's <c>next</c> as <c>cursor</c>).
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

        if (!ns.Presence)
        {
            throw new ProtocolError(ProtocolCodes.Forbidden, $"presence is off in namespace \"{ChannelNamespaces.NameOf(channel)}\"");
        }

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
}
