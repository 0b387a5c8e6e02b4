using System.Text.Json;

namespace Realtime.Client.Protocol;

/// <summary>Reads the parts of replies and pushes that several ops share.</summary>
internal static class Replies
{
    public static string String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;

    public static long Int64(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : 0;

    public static bool Bool(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    public static JsonElement? Optional(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static Publication Publication(string channel, JsonElement element) => new(
        channel,
        Int64(element, "offset"),
        element.TryGetProperty("data", out var data) ? data : default,
        element.TryGetProperty("from", out var from) && from.ValueKind == JsonValueKind.Object
            ? new ClientInfo(String(from, "client"), String(from, "user"))
            : null);

    public static List<Publication> Publications(string channel, JsonElement ok)
    {
        var list = new List<Publication>();
        if (ok.TryGetProperty("publications", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in array.EnumerateArray())
            {
                list.Add(Publication(channel, item));
            }
        }

        return list;
    }

    public static PresenceMember Member(JsonElement element) =>
        new(String(element, "client"), String(element, "user"), Optional(element, "info"), Optional(element, "data"));
}
