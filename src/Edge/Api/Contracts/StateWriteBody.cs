using System.Text.Json;
using Realtime.Grains;

namespace Realtime.Edge.Api.Contracts;

/// <summary>
/// The body of <c>POST /api/state</c>: <c>op</c> (<c>set</c>, <c>patch</c> or <c>delete</c>), <c>channel</c>,
/// <c>key</c>, <c>value</c> (set) or <c>patch</c> (patch), and optionally <c>ifVersion</c>, <c>ttl</c> and
/// <c>idempotencyKey</c>, with the client ops' meaning (docs/protocol.md, "Keyed state").
/// </summary>
/// <param name="Kind">The write.</param>
/// <param name="Channel">The channel whose state is written.</param>
/// <param name="Fields">The whole body, for the fields the client ops share.</param>
internal sealed record StateWriteBody(StateWriteKind Kind, string Channel, JsonElement Fields)
{
    public static StateWriteBody Read(JsonElement body)
    {
        ApiJson.OnlyFields(body, "op", "channel", "key", "value", "patch", "ifVersion", "ttl", "idempotencyKey");
        var kind = ApiJson.RequiredString(body, "op") switch
        {
            "set" => StateWriteKind.Set,
            "patch" => StateWriteKind.Patch,
            "delete" => StateWriteKind.Delete,
            var other => throw new Protocol.ProtocolError(Protocol.ProtocolCodes.BadRequest, $"\"op\" must be set, patch or delete, not \"{other}\""),
        };
        return new StateWriteBody(kind, ApiJson.RequiredString(body, "channel"), body);
    }
}
