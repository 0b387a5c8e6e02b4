using System.Text.Json;
using Realtime.Edge.Protocol;

namespace Realtime.Edge.Api;

/// <summary>Strict reading of request fields: a missing, mistyped or unknown field is 400 naming the field.</summary>
internal static class ApiJson
{
    /// <summary>Refuses fields other than <paramref name="known"/>: a misspelt optional field must not be ignored.</summary>
    public static void OnlyFields(JsonElement body, params ReadOnlySpan<string> known)
    {
        foreach (var property in body.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                throw new ProtocolError(ProtocolCodes.BadRequest, $"unknown field \"{property.Name}\"; expected {string.Join(", ", known.ToArray().Select(k => $"\"{k}\""))}");
            }
        }
    }

    public static JsonElement Required(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) ? value : throw new ProtocolError(ProtocolCodes.BadRequest, $"\"{name}\" is required");

    public static string RequiredString(JsonElement body, string name)
    {
        var value = Required(body, name);
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new ProtocolError(ProtocolCodes.BadRequest, $"\"{name}\" must be a string, not {Describe(value.ValueKind)}");
    }

    public static string? OptionalString(JsonElement body, string name) =>
        !body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new ProtocolError(ProtocolCodes.BadRequest, $"\"{name}\" must be a string, not {Describe(value.ValueKind)}");

    public static int? OptionalInt(JsonElement body, string name) =>
        !body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number
        : throw new ProtocolError(ProtocolCodes.BadRequest, $"\"{name}\" must be an integer, not {Describe(value.ValueKind)}");

    public static bool? OptionalBool(JsonElement body, string name) =>
        !body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
        : throw new ProtocolError(ProtocolCodes.BadRequest, $"\"{name}\" must be true or false, not {Describe(value.ValueKind)}");

    /// <summary>A JSON kind as the error messages name it.</summary>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
