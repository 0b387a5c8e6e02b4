using System.Text.Json;

namespace Realtime.Edge.Protocol;

/// <summary>A parsed client request: its id, op and the whole JSON object for the op's fields.</summary>
internal readonly record struct ProtocolRequest(long Id, string Op, JsonElement Root)
{
    /// <summary>Parses one SockJS message; throws <see cref="ProtocolError"/> (400) naming what is wrong.</summary>
    public static ProtocolRequest Parse(JsonDocument document, out long? id)
    {
        id = null;
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ProtocolError(ProtocolCodes.BadRequest, "a request is a JSON object");
        }

        if (!root.TryGetProperty("id"u8, out var idElement) || idElement.ValueKind != JsonValueKind.Number
            || !idElement.TryGetInt64(out var value) || value <= 0)
        {
            throw new ProtocolError(ProtocolCodes.BadRequest, "\"id\" must be a positive integer");
        }

        id = value;
        if (!root.TryGetProperty("op"u8, out var op) || op.ValueKind != JsonValueKind.String)
        {
            throw new ProtocolError(ProtocolCodes.BadRequest, "\"op\" must be a string");
        }

        return new ProtocolRequest(value, op.GetString()!, root);
    }

    /// <summary>A required string field.</summary>
    public string RequiredString(string name)
    {
        if (!Root.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String)
        {
            throw new ProtocolError(ProtocolCodes.BadRequest, $"\"{name}\" must be a string");
        }

        return element.GetString()!;
    }
}
