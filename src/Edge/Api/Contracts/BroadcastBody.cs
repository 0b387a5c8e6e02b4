using System.Text.Json;
using Realtime.Edge.Protocol;

namespace Realtime.Edge.Api.Contracts;

/// <summary>The body of <c>POST /api/broadcast</c>.</summary>
/// <param name="Channels">The channels to publish to, each on its own.</param>
/// <param name="Data">The publication: any JSON value.</param>
internal sealed record BroadcastBody(string[] Channels, JsonElement Data)
{
    public static BroadcastBody Read(JsonElement body)
    {
        ApiJson.OnlyFields(body, "channels", "data");
        var channels = ApiJson.Required(body, "channels");
        if (channels.ValueKind != JsonValueKind.Array)
        {
            throw new ProtocolError(ProtocolCodes.BadRequest, $"\"channels\" must be an array of strings, not {ApiJson.Describe(channels.ValueKind)}");
        }

        var names = new string[channels.GetArrayLength()];
        var i = 0;
        foreach (var channel in channels.EnumerateArray())
        {
            names[i] = channel.ValueKind == JsonValueKind.String
                ? channel.GetString()!
                : throw new ProtocolError(ProtocolCodes.BadRequest, $"\"channels\"[{i}] must be a string, not {ApiJson.Describe(channel.ValueKind)}");
            i++;
        }

        return names.Length > 0
            ? new BroadcastBody(names, ApiJson.Required(body, "data"))
            : throw new ProtocolError(ProtocolCodes.BadRequest, "\"channels\" is empty");
    }
}
