using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Realtime.LoadTest.Scenarios;

/// <summary>
/// What the tool sends and how it reads it back: a sequence number and a send timestamp (this
/// process's Stopwatch, so publisher and subscribers share one clock), padded to the payload size.
/// Fields are found with IndexOf, not a JSON parser, to keep the tool's own cost low.
/// </summary>
internal static class MessageFormat
{
    public static string Broadcast(long seq, int payload)
    {
        var head = string.Create(CultureInfo.InvariantCulture, $"{seq}:{Stopwatch.GetTimestamp()}:");
        return head.Length >= payload ? head : head + new string('x', payload - head.Length);
    }

    public static bool TryReadBroadcast(string message, out long seq, out long timestamp)
    {
        seq = timestamp = 0;
        var first = message.IndexOf(':', StringComparison.Ordinal);
        var second = first < 0 ? -1 : message.IndexOf(':', first + 1);
        return second > 0
            && long.TryParse(message.AsSpan(0, first), NumberStyles.None, CultureInfo.InvariantCulture, out seq)
            && long.TryParse(message.AsSpan(first + 1, second - first - 1), NumberStyles.None, CultureInfo.InvariantCulture, out timestamp);
    }

    public static string Publish(long id, string channel, long seq, int payload)
    {
        var padding = Math.Max(0, payload - 40);
        return string.Create(CultureInfo.InvariantCulture, $"{{\"id\":{id},\"op\":\"publish\",\"channel\":\"{channel}\",\"data\":{{\"s\":{seq},\"t\":{Stopwatch.GetTimestamp()},\"p\":\"{new string('x', padding)}\"}}}}");
    }

    /// <summary>Reads offset and send timestamp from a <c>message</c> push; false for anything else.</summary>
    public static bool TryReadPush(string message, out long offset, out long timestamp)
    {
        offset = timestamp = 0;
        return message.StartsWith("{\"push\":\"message\"", StringComparison.Ordinal)
            && TryReadNumber(message, "\"offset\":", out offset)
            && TryReadNumber(message, "\"t\":", out timestamp);
    }

    /// <summary>As <see cref="TryReadPush(string, out long, out long)"/>, on the UTF-8 message (no string made).</summary>
    public static bool TryReadPush(ReadOnlySpan<byte> message, out long offset, out long timestamp)
    {
        offset = timestamp = 0;
        return message.StartsWith("{\"push\":\"message\""u8)
            && TryReadNumber(message, "\"offset\":"u8, out offset)
            && TryReadNumber(message, "\"t\":"u8, out timestamp);
    }

    /// <summary>The send timestamp of a publication's data (<c>{"s":..,"t":..}</c>), or 0.</summary>
    public static long TimestampOf(JsonElement data) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty("t", out var t) && t.TryGetInt64(out var value) ? value : 0;

    public static string Connect(string? token) =>
        token is null ? "{\"id\":1,\"op\":\"connect\"}" : "{\"id\":1,\"op\":\"connect\",\"token\":" + JsonSerializer.Serialize(token) + "}";

    public static string Subscribe(string channel, string? epoch, long offset) =>
        epoch is null
            ? $"{{\"id\":2,\"op\":\"subscribe\",\"channel\":\"{channel}\"}}"
            : string.Create(CultureInfo.InvariantCulture, $"{{\"id\":2,\"op\":\"subscribe\",\"channel\":\"{channel}\",\"since\":{{\"epoch\":{JsonSerializer.Serialize(epoch)},\"offset\":{offset}}}}}");

    public static string Refresh(long id, string token) =>
        string.Create(CultureInfo.InvariantCulture, $"{{\"id\":{id},\"op\":\"refresh\",\"token\":{JsonSerializer.Serialize(token)}}}");

    public static double MicrosSince(long timestamp) => Stopwatch.GetElapsedTime(timestamp).TotalMicroseconds;

    private static bool TryReadNumber(string message, string key, out long value)
    {
        value = 0;
        var at = message.IndexOf(key, StringComparison.Ordinal);
        if (at < 0)
        {
            return false;
        }

        var start = at + key.Length;
        var end = start;
        while (end < message.Length && char.IsAsciiDigit(message[end]))
        {
            end++;
        }

        return long.TryParse(message.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryReadNumber(ReadOnlySpan<byte> message, ReadOnlySpan<byte> key, out long value)
    {
        value = 0;
        var at = message.IndexOf(key);
        return at >= 0 && Utf8Parser.TryParse(message[(at + key.Length)..], out value, out _);
    }
}
