using System.Text;
using System.Text.Json;
using Realtime.Edge.Protocol;

namespace Realtime.Edge.Api.Contracts;

/// <summary>The body of <c>POST /api/disconnect</c>.</summary>
/// <param name="User">Whose connections to end (the tokens' <c>sub</c>).</param>
/// <param name="Code">The close code, 3000 to 4999; default 3002.</param>
/// <param name="Reason">The close reason, at most 123 bytes of UTF-8; default <c>kicked by the server</c>.</param>
/// <param name="Reconnect">The <c>disconnect</c> push's <c>reconnect</c>; default false.</param>
internal sealed record DisconnectBody(string User, int? Code, string? Reason, bool? Reconnect)
{
    // What a WebSocket close frame can carry as its reason.
    public const int MaxReasonBytes = 123;

    public static DisconnectBody Read(JsonElement body)
    {
        ApiJson.OnlyFields(body, "user", "code", "reason", "reconnect");
        var user = ApiJson.RequiredString(body, "user");
        var code = ApiJson.OptionalInt(body, "code");
        var reason = ApiJson.OptionalString(body, "reason");
        if (user.Length == 0)
        {
            throw new ProtocolError(ProtocolCodes.BadRequest, "\"user\" is empty: anonymous connections cannot be told apart");
        }

        if (code is < 3000 or > 4999)
        {
            throw new ProtocolError(ProtocolCodes.BadRequest, "\"code\" must be 3000 to 4999");
        }

        if (reason is not null && Encoding.UTF8.GetByteCount(reason) > MaxReasonBytes)
        {
            throw new ProtocolError(ProtocolCodes.BadRequest, $"\"reason\" is over {MaxReasonBytes} bytes");
        }

        return new DisconnectBody(user, code, reason, ApiJson.OptionalBool(body, "reconnect"));
    }
}
