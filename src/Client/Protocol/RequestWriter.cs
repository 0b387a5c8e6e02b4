using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Realtime.Client.Protocol;

/// <summary>Writes one request, <c>{"id":N,"op":"...",...fields}</c>, as UTF-8 JSON.</summary>
internal static class RequestWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static ReadOnlyMemory<byte> Write(long id, string op, Action<Utf8JsonWriter>? fields)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteNumber("id"u8, id);
            writer.WriteString("op"u8, op);
            fields?.Invoke(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    public static void WriteSince(Utf8JsonWriter writer, StreamPosition since)
    {
        writer.WriteStartObject("since"u8);
        writer.WriteString("epoch"u8, since.Epoch);
        writer.WriteNumber("offset"u8, since.Offset);
        writer.WriteEndObject();
    }
}
