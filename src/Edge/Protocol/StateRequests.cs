using System.Text;
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
        var key = StateFields.Key(request, _options.MaxStateKeyLength);
        var field = kind == StateWriteKind.Patch ? "patch" : "value";
        var value = kind == StateWriteKind.Delete ? null : StateFields.Json(request, field);
        var ifVersion = StateFields.IfVersion(request);
        var ttl = StateFields.Ttl(request);
        if (kind == StateWriteKind.Delete && ttl is not null)
        {
            throw new ProtocolError(ProtocolCodes.BadRequest, "\"ttl\" does not apply to delete");
        }

        var idempotencyKey = StateFields.IdempotencyKey(request);
        var ns = KeyedNamespace(channel);
        ChannelAccess.Require(session, ns, channel, session.GrantsOf(channel), ChannelOps.State, "write the state of");

        var maxValueBytes = ns.MaxValueBytes > 0 ? ns.MaxValueBytes : ns.MaxMessageBytes > 0 ? ns.MaxMessageBytes : _options.MaxDataBytes;
        if (value is not null && Encoding.UTF8.GetByteCount(value) > maxValueBytes)
        {
            throw new ProtocolError(ProtocolCodes.TooLarge, $"\"{field}\" is over {maxValueBytes} bytes");
        }

        if (!session.TryTakePublish(_limits, time))
        {
            throw new ProtocolError(ProtocolCodes.RateLimited, $"over {_limits.PublishRate} writes per second");
        }

        var write = new StateWriteRequest(kind, key, value, new StateLimits(ns.MaxKeys, maxValueBytes), ifVersion, ttl, idempotencyKey, session.ClientId, session.User, ns.History);
        var result = await cluster.WriteStateAsync(channel, write);
        return result.Status switch
        {
            StateWriteStatus.Applied or StateWriteStatus.Unchanged => Replies.Ok(request.Id, w =>
            {
                w.WriteNumber("offset"u8, result.Offset);
                w.WriteNumber("version"u8, result.Version);
            }),
            StateWriteStatus.Conflict => throw new ProtocolError(ProtocolCodes.Conflict, $"\"{key}\" is at version {result.Version}, not {ifVersion}")
            {
                Details = w => w.WriteNumber("version"u8, result.Version),
            },
            StateWriteStatus.TooManyKeys => throw new ProtocolError(ProtocolCodes.TooLarge, $"\"{channel}\" has its maximum of {ns.MaxKeys} keys"),
            StateWriteStatus.ValueTooLarge => throw new ProtocolError(ProtocolCodes.TooLarge, $"the patched value of \"{key}\" is over {maxValueBytes} bytes"),
            _ => throw new ProtocolError(ProtocolCodes.BadRequest, $"\"{field}\" cannot be applied: it or the current value of \"{key}\" has duplicate member names"),
        };
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
