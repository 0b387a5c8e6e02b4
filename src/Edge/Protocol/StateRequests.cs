using Microsoft.Extensions.Options;
using Realtime.Edge.Auth;
using Realtime.Edge.Channels;
using Realtime.Edge.Cluster;
using Realtime.Grains;

namespace Realtime.Edge.Protocol;

/// <summary>
/// The keyed-state ops: <c>set</c>, <c>patch</c> and <c>delete</c> write one key of a channel's state, and
/// <c>state</c> reads it a page at a time. Each checks, in this order: the request's shape (400), the
/// channel's namespace (404) and that it keeps state (400), permission (403), size (413), rate (429); then
/// the channel answers conflicts (409) and its own limits (413).
/// </summary>
internal sealed class StateRequests(
    ClusterAdapter cluster,
    ChannelNamespaces namespaces,
    IOptions<RealtimeOptions> realtimeOptions,
    IOptions<LimitsOptions> limitsOptions,
    TimeProvider time)
{
    private readonly RealtimeOptions _options = realtimeOptions.Value;
    private readonly LimitsOptions _limits = limitsOptions.Value;

    public async Task<string> WriteAsync(ClientSession session, ProtocolRequest request, StateWriteKind kind)
    {
        var channel = request.RequiredString("channel");
        var write = StateWrite.Read(request, kind, _options.MaxStateKeyLength);
        var ns = KeyedNamespace(channel);
        ChannelAccess.Require(session, ns, channel, session.GrantsOf(channel), ChannelOps.State, "write the state of");

        var maxValueBytes = StateWrite.MaxValueBytes(ns, _options.MaxDataBytes);
        write.CheckSize(maxValueBytes);
        if (!session.TryTakePublish(_limits, time))
        {
            throw new ProtocolError(ProtocolCodes.RateLimited, $"over {_limits.PublishRate} writes per second");
        }

        var result = await cluster.WriteStateAsync(channel, write.ToRequest(ns, maxValueBytes, session.ClientId, session.User));
        if (write.Refusal(result, channel, ns, maxValueBytes) is { } refusal)
        {
            throw refusal;
        }

        return Replies.Ok(request.Id, w =>
        {
            w.WriteNumber("offset"u8, result.Offset);
            w.WriteNumber("version"u8, result.Version);
        });
    }

    public async Task<string> ReadAsync(ClientSession session, ProtocolRequest request)
    {
        var channel = request.RequiredString("channel");
        var cursor = StateFields.Cursor(request, _options.MaxStateKeyLength);
        var ns = KeyedNamespace(channel);
        ChannelAccess.Require(session, ns, channel, session.GrantsOf(channel), ChannelOps.Subscribe, "read the state of");

        var page = await cluster.GetStateAsync(channel, cursor, _options.StatePageSize, _options.StatePageBytes);
        return Replies.Ok(request.Id, w =>
        {
            w.WriteString("epoch"u8, page.Epoch);
            w.WriteNumber("offset"u8, page.Offset);
            Replies.WriteState(w, "state"u8, page.Entries);
            if (page.Next is not null)
            {
                w.WriteString("next"u8, page.Next);
            }
        });
    }

    private NamespaceOptions KeyedNamespace(string channel)
    {
        var ns = ChannelAccess.DataNamespace(namespaces, channel, _options.MaxChannelNameLength);
        return ns.KeepsValue
            ? ns
            : throw new ProtocolError(ProtocolCodes.BadRequest, $"namespace \"{ChannelNamespaces.NameOf(channel)}\" keeps no state");
    }
}
