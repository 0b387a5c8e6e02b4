using System.Text.Json;

namespace Realtime.Edge.Protocol;

/// <summary>The fields of the keyed-state ops (<c>set</c>, <c>patch</c>, <c>delete</c>, <c>state</c>), strictly typed; each mistake is a 400 naming the field.</summary>
internal static class StateFields
{
    /// <summary>Longest <c>ttl</c>: a year, well inside what a time stamp can hold.</summary>
    public const double MaxTtlSeconds = 365 * 24 * 3600;

    /// <summary>Longest <c>idempotencyKey</c>, in characters.</summary>
    public const int MaxIdempotencyKeyLength = 128;

    /// <summary><c>key</c>: a non-empty string of at most <paramref name="maxLength"/> characters.</summary>
    public static string Key(ProtocolRequest request, int maxLength)
    {
        if (!request.Root.TryGetProperty("key"u8, out var key))
        {
            throw new ProtocolError(ProtocolCodes.BadRequest, "\"key\" is required");
        }

        var value = String(key, "key");
        if (value.Length == 0)
        {
            throw new ProtocolError(ProtocolCodes.BadRequest, "\"key\" must not be empty");
        }

        return value.Length <= maxLength ? value : throw new ProtocolError(ProtocolCodes.BadRequest, $"\"key\" is longer than {maxLength} characters");
    }

    /// <summary>A required JSON field (<c>value</c>, <c>patch</c>), any JSON value null included, as its text.</summary>
    public static string Json(ProtocolRequest request, string name) =>
        request.Root.TryGetProperty(name, out var value)
            ? value.GetRawText()
            : throw new ProtocolError(ProtocolCodes.BadRequest, $"\"{name}\" is required");

    /// <summary><c>ifVersion</c>: an integer ≥ 0 (0: the key must not exist); null when absent.</summary>
    public static long? IfVersion(ProtocolRequest request)
    {
        if (!request.Root.TryGetProperty("ifVersion"u8, out var field) || field.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return field.ValueKind == JsonValueKind.Number && field.TryGetInt64(out var version) && version >= 0
            ? version
            : throw new ProtocolError(ProtocolCodes.BadRequest, "\"ifVersion\" must be an integer >= 0");
    }

    /// <summary><c>ttl</c>: seconds, more than 0 and at most a year, fractions allowed; null when absent.</summary>
    public static TimeSpan? Ttl(ProtocolRequest request)
    {
        if (!request.Root.TryGetProperty("ttl"u8, out var field) || field.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return field.ValueKind == JsonValueKind.Number && field.TryGetDouble(out var seconds) && seconds > 0 && seconds <= MaxTtlSeconds
            ? TimeSpan.FromSeconds(seconds)
            : throw new ProtocolError(ProtocolCodes.BadRequest, $"\"ttl\" must be a number of seconds above 0 and at most {MaxTtlSeconds:0}");
    }

    /// <summary><c>idempotencyKey</c>: a non-empty string of at most <see cref="MaxIdempotencyKeyLength"/> characters; null when absent.</summary>
    public static string? IdempotencyKey(ProtocolRequest request)
    {
        if (!request.Root.TryGetProperty("idempotencyKey"u8, out var field) || field.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var value = String(field, "idempotencyKey");
        return value.Length is > 0 and <= MaxIdempotencyKeyLength
            ? value
            : throw new ProtocolError(ProtocolCodes.BadRequest, $"\"idempotencyKey\" must be 1 to {MaxIdempotencyKeyLength} characters");
    }

    /// <summary><c>cursor</c> of the <c>state</c> op: the <c>next</c> of the previous page; null when absent.</summary>
    public static string? Cursor(ProtocolRequest request, int maxLength)
    {
        if (!request.Root.TryGetProperty("cursor"u8, out var field) || field.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var value = String(field, "cursor");
        return value.Length <= maxLength ? value : throw new ProtocolError(ProtocolCodes.BadRequest, $"\"cursor\" is longer than {maxLength} characters");
    }

    private static string String(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            throw new ProtocolError(ProtocolCodes.BadRequest, $"\"{name}\" must be a string");
        }

        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate cannot become a .NET string that round-trips; it could never be matched again.
            throw new ProtocolError(ProtocolCodes.BadRequest, $"\"{name}\" is not valid Unicode");
        }
    }
}
