using System.Text;
using Realtime.Edge.Channels;
using Realtime.Grains;

namespace Realtime.Edge.Protocol;

/// <summary>
/// One keyed-state write (<c>set</c>, <c>patch</c>, <c>delete</c>) as the client op and the server API both take
/// it: the fields read strictly, the size checked against the namespace, and the channel's refusals turned into
/// the protocol's errors. Keeping it in one place keeps the two doors to the same state from drifting apart.
/// </summary>
/// <param name="Kind">Set, patch or delete.</param>
/// <param name="Key">The key written.</param>
/// <param name="Field">The field that carries the JSON: <c>value</c>, or <c>patch</c> for a patch.</param>
/// <param name="Value">The value or patch as JSON text; null for a delete.</param>
/// <param name="IfVersion">Compare-and-set: the version the key must be at (0: absent).</param>
/// <param name="Ttl">When the key expires.</param>
/// <param name="IdempotencyKey">Makes a retried write apply once.</param>
internal sealed record StateWrite(StateWriteKind Kind, string Key, string Field, string? Value, long? IfVersion, TimeSpan? Ttl, string? IdempotencyKey)
{
    /// <summary>Reads the write's fields from <paramref name="request"/>; each mistake is a 400 naming the field.</summary>
    public static StateWrite Read(ProtocolRequest request, StateWriteKind kind, int maxKeyLength)
    {
        var key = StateFields.Key(request, maxKeyLength);
        var field = kind == StateWriteKind.Patch ? "patch" : "value";
        var value = kind == StateWriteKind.Delete ? null : StateFields.Json(request, field);
        var ifVersion = StateFields.IfVersion(request);
        var ttl = StateFields.Ttl(request);
        if (kind == StateWriteKind.Delete && ttl is not null)
        {
            throw new ProtocolError(ProtocolCodes.BadRequest, "\"ttl\" does not apply to delete");
        }

        return new StateWrite(kind, key, field, value, ifVersion, ttl, StateFields.IdempotencyKey(request));
    }

    /// <summary>The largest value a key of <paramref name="ns"/> holds: its own limit, else its message limit, else the edge's.</summary>
    public static int MaxValueBytes(NamespaceOptions ns, int maxDataBytes) =>
        ns.MaxValueBytes > 0 ? ns.MaxValueBytes : ns.MaxMessageBytes > 0 ? ns.MaxMessageBytes : maxDataBytes;

    /// <summary>413 when the value is over <paramref name="maxValueBytes"/>.</summary>
    public void CheckSize(int maxValueBytes)
    {
        if (Value is not null && Encoding.UTF8.GetByteCount(Value) > maxValueBytes)
        {
            throw new ProtocolError(ProtocolCodes.TooLarge, $"\"{Field}\" is over {maxValueBytes} bytes");
        }
    }

    /// <summary>The grain call's request; <paramref name="client"/> scopes idempotency keys (null for the server API).</summary>
    public StateWriteRequest ToRequest(NamespaceOptions ns, int maxValueBytes, string? client, string? user) =>
        new(Kind, Key, Value, new StateLimits(ns.MaxKeys, maxValueBytes), IfVersion, Ttl, IdempotencyKey, client, user, ns.History);

    /// <summary>Null when the channel applied the write (or it changed nothing); else the error to answer with.</summary>
    public ProtocolError? Refusal(StateWriteResult result, string channel, NamespaceOptions ns, int maxValueBytes) => result.Status switch
    {
        StateWriteStatus.Applied or StateWriteStatus.Unchanged => null,
        StateWriteStatus.Conflict => new ProtocolError(ProtocolCodes.Conflict, $"\"{Key}\" is at version {result.Version}, not {IfVersion}")
        {
            Details = w => w.WriteNumber("version"u8, result.Version),
        },
        StateWriteStatus.TooManyKeys => new ProtocolError(ProtocolCodes.TooLarge, $"\"{channel}\" has its maximum of {ns.MaxKeys} keys"),
        StateWriteStatus.ValueTooLarge => new ProtocolError(ProtocolCodes.TooLarge, $"the patched value of \"{Key}\" is over {maxValueBytes} bytes"),
        _ => new ProtocolError(ProtocolCodes.BadRequest, $"\"{Field}\" cannot be applied: it or the current value of \"{Key}\" has duplicate member names"),
    };
}
