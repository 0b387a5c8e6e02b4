using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Realtime.Grains.Webhooks;

/// <summary>The <c>data</c> objects of webhook events, written once as JSON text when the event happens.</summary>
internal static class WebhookData
{
    public static string User(string user) => Write(w => w.WriteString("user"u8, user));

    public static string Channel(string channel) => Write(w => w.WriteString("channel"u8, channel));

    public static string Member(string channel, PresenceMember member) => Write(w =>
    {
        w.WriteString("channel"u8, channel);
        w.WriteStartObject("member"u8);
        w.WriteString("client"u8, member.ClientId);
        w.WriteString("user"u8, member.User);
        WriteRaw(w, "info"u8, member.Info);
        WriteRaw(w, "data"u8, member.Data);
        w.WriteEndObject();
    });

    public static string Published(ChannelPublication publication) => Write(w =>
    {
        w.WriteString("channel"u8, publication.Channel);
        w.WriteNumber("offset"u8, publication.Offset);
        w.WriteString("epoch"u8, publication.Epoch);
        WriteRaw(w, "data"u8, publication.Data);
        w.WriteString("client"u8, publication.FromClient);
        w.WriteString("user"u8, publication.FromUser);
    });

    private static void WriteRaw(Utf8JsonWriter w, ReadOnlySpan<byte> name, string? json)
    {
        if (json is not null)
        {
            w.WritePropertyName(name);
            w.WriteRawValue(json, skipInputValidation: true);
        }
    }

    private static string Write(Action<Utf8JsonWriter> fields)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            fields(w);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
