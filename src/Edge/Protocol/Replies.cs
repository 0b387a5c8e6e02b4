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

    /// <summary>An error reply; without an id when the request had none usable. <paramref name="details"/> adds fields to the error object.</summary>
    public static string Error(long? id, int code, string message, Action<Utf8JsonWriter>? details = null) => Build(w =>
    {
        if (id is { } value)
        {
            w.WriteNumber("id"u8, value);
        }

        w.WriteStartObject("error"u8);
        w.WriteNumber("code"u8, code);
        w.WriteString("message"u8, message);
        details?.Invoke(w);
        w.WriteEndObject();
    });

    /// <summary>
    /// <c>"publications":[{"offset":N,"data":...,"from":{...}}, ...]</c>, data written as stored. Changes of keyed
    /// state share the offsets but are not messages: they are left out (a resume shows them in <c>state</c>).
    /// </summary>
    public static void WritePublications(Utf8JsonWriter w, IEnumerable<Realtime.Grains.ChannelPublication> publications)
    {
        w.WriteStartArray("publications"u8);
        foreach (var publication in publications)
        {
            if (publication.State is not null)
            {
                continue;
            }

            w.WriteStartObject();
            w.WriteNumber("offset"u8, publication.Offset);
            Pushes.WriteDataAndFrom(w, publication);

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary><c>"state":{"key":{"value":...,"version":N}, ...}</c>: keys of a snapshot page, values written as stored.</summary>
    public static void WriteState(Utf8JsonWriter w, ReadOnlySpan<byte> name, IEnumerable<Realtime.Grains.StateEntry> entries)
    {
        w.WriteStartObject(name);
        foreach (var entry in entries)
        {
            w.WriteStartObject(entry.Key);
            w.WritePropertyName("value"u8);
            w.WriteRawValue(entry.Value, skipInputValidation: true);
            w.WriteNumber("version"u8, entry.Version);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary>
    /// <c>"state":{...}</c> of a recovered resume: each key the given publications changed, at its last change;
    /// a removed key is <c>{"value":null,"version":N,"removed":true}</c>.
    /// </summary>
    public static void WriteStateChanges(Utf8JsonWriter w, IEnumerable<Realtime.Grains.ChannelPublication> publications)
    {
        var last = new Dictionary<string, Realtime.Grains.ChannelPublication>(StringComparer.Ordinal);
        foreach (var publication in publications)
        {
            if (publication.State is { } change)
            {
                last[change.Key] = publication;
            }
        }

        w.WriteStartObject("state"u8);
        foreach (var (key, publication) in last)
        {
            w.WriteStartObject(key);
            w.WritePropertyName("value"u8);
            w.WriteRawValue(publication.Data, skipInputValidation: true);
            w.WriteNumber("version"u8, publication.Offset);
            if (publication.State!.Removed)
            {
                w.WriteBoolean("removed"u8, true);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
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
