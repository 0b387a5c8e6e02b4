using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Realtime.Edge.Protocol;

/// <summary>Replies to client requests: <c>{"id":N,"ok":{...}}</c> or <c>{"id":N,"error":{"code":C,"message":...}}</c>.</summary>
internal static class Replies
{
    public static string Ok(long id, Action<Utf8JsonWriter>? body = null) => Build(w =>
    {
        w.WriteNumber("id"u8, id);
        w.WriteStartObject("ok"u8);
        body?.Invoke(w);
        w.WriteEndObject();
    });

    /// <summary>An error reply; without an id when the request had none usable.</summary>
    public static string Error(long? id, int code, string message) => Build(w =>
    {
        if (id is { } value)
        {
            w.WriteNumber("id"u8, value);
        }

        w.WriteStartObject("error"u8);
        w.WriteNumber("code"u8, code);
        w.WriteString("message"u8, message);
        w.WriteEndObject();
    });

    /// <summary><c>"publications":[{"offset":N,"data":...,"from":{...}}, ...]</c>, data written as stored.</summary>
    public static void WritePublications(Utf8JsonWriter w, IEnumerable<Realtime.Grains.ChannelPublication> publications)
    {
        w.WriteStartArray("publications"u8);
        foreach (var publication in publications)
        {
            w.WriteStartObject();
            w.WriteNumber("offset"u8, publication.Offset);
            Pushes.WriteDataAndFrom(w, publication);

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static string Build(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
