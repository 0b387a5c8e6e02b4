using System.Text.Json;
using Realtime.Grains;

namespace Realtime.Edge.Protocol;

/// <summary>The <c>since</c> and <c>limit</c> fields of <c>history</c> and <c>subscribe</c>, strictly typed.</summary>
internal static class HistoryFields
{
    /// <summary><c>since</c> as <c>{"epoch": "...", "offset": N}</c> with N ≥ 0; null when absent.</summary>
    public static ChannelPosition? Since(ProtocolRequest request)
    {
        if (!request.Root.TryGetProperty("since"u8, out var since) || since.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (since.ValueKind != JsonValueKind.Object
            || !since.TryGetProperty("epoch"u8, out var epoch) || epoch.ValueKind != JsonValueKind.String
            || !since.TryGetProperty("offset"u8, out var offset) || offset.ValueKind != JsonValueKind.Number
            || !offset.TryGetInt64(out var value) || value < 0)
        {
            throw new ProtocolError(ProtocolCodes.BadRequest, "\"since\" must be {\"epoch\": string, \"offset\": integer >= 0}");
        }

        return new ChannelPosition(epoch.GetString()!, value);
    }

    /// <summary><c>limit</c>: an integer ≥ 0, capped at <paramref name="max"/>; <paramref name="max"/> when absent.</summary>
    public static int Limit(ProtocolRequest request, int max)
    {
        if (!request.Root.TryGetProperty("limit"u8, out var limit) || limit.ValueKind == JsonValueKind.Null)
        {
            return max;
        }

        if (limit.ValueKind != JsonValueKind.Number || !limit.TryGetInt64(out var value) || value < 0)
        {
            throw new ProtocolError(ProtocolCodes.BadRequest, "\"limit\" must be an integer >= 0");
        }

        return (int)Math.Min(value, max);
    }
}
