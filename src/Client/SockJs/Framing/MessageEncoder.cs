using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Realtime.Client.SockJs.Framing;

/// <summary>Writes outgoing messages as the JSON strings of a SockJS send array (<c>["m1","m2"]</c>).</summary>
internal static class MessageEncoder
{
    // The server decodes any escaping; the relaxed encoder keeps non-ASCII text as UTF-8 instead of \uXXXX.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>Appends <paramref name="message"/> (UTF-8) as one JSON string literal.</summary>
    public static void WriteString(IBufferWriter<byte> output, ReadOnlySpan<byte> message)
    {
        using var writer = new Utf8JsonWriter(output, Options);
        writer.WriteStringValue(message);
    }

    /// <summary>Appends <paramref name="message"/> as one JSON string literal.</summary>
    public static void WriteString(IBufferWriter<byte> output, ReadOnlySpan<char> message)
    {
        using var writer = new Utf8JsonWriter(output, Options);
        writer.WriteStringValue(message);
    }
}
