using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Realtime.Edge.SockJs;
using Realtime.Grains;

namespace Realtime.Edge.Protocol;

/// <summary>Server-to-client pushes of the client protocol (no <c>id</c>), built once and shared.</summary>
internal static class Pushes
{
    // Relaxed: the SockJS layer escapes what browsers need; JSON itself only needs quotes and controls escaped.
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The push of a publication: a <c>message</c>, or a <c>state</c> push when it changes keyed state.</summary>
    public static SockJsMessage For(ChannelPublication publication) => publication.State is null ? Message(publication) : State(publication);

    /// <summary>
    /// <c>{"push":"state","channel":...,"offset":N,"key":...,"value":...,"version":N,"removed":bool,"from":{...}}</c>:
    /// one changed key; its version is the change's offset. <c>from</c> is absent for the server API and for expiry.
    /// </summary>
    public static SockJsMessage State(ChannelPublication publication) => Build(w =>
    {
        w.WriteString("push"u8, "state"u8);
        w.WriteString("channel"u8, publication.Channel);
        w.WriteNumber("offset"u8, publication.Offset);
        w.WriteString("key"u8, publication.State!.Key);
        w.WritePropertyName("value"u8);
        w.WriteRawValue(publication.Data, skipInputValidation: true);
        w.WriteNumber("version"u8, publication.Offset);
        w.WriteBoolean("removed"u8, publication.State.Removed);
        WriteFrom(w, publication);
    });

    /// <summary><c>{"push":"message",...}</c>, encoded once per publication per edge.</summary>
    public static SockJsMessage Message(ChannelPublication publication) => Build(w =>
    {
        w.WriteString("push"u8, "message"u8);
        w.WriteString("channel"u8, publication.Channel);
        w.WriteNumber("offset"u8, publication.Offset);
        WriteDataAndFrom(w, publication);
    });

    /// <summary><c>"data":...,"from":{"client","user"}</c> of a publication (<c>from</c> absent for the server API's), data written as stored.</summary>
    public static void WriteDataAndFrom(Utf8JsonWriter w, ChannelPublication publication)
    {
        w.WritePropertyName("data"u8);
        w.WriteRawValue(publication.Data, skipInputValidation: true);
        WriteFrom(w, publication);
    }

    private static void WriteFrom(Utf8JsonWriter w, ChannelPublication publication)
    {
        if (publication.FromClient is not null)
        {
            w.WriteStartObject("from"u8);
            w.WriteString("client"u8, publication.FromClient);
            w.WriteString("user"u8, publication.FromUser ?? string.Empty);
            w.WriteEndObject();
        }
    }

    /// <summary><c>{"push":"join"|"leave","channel":...,"member":{"client","user","info","data"}}</c>.</summary>
    public static SockJsMessage Presence(PresenceEvent presence) => Build(w =>
    {
        w.WriteString("push"u8, presence.Joined ? "join"u8 : "leave"u8);
        w.WriteString("channel"u8, presence.Channel);
        w.WritePropertyName("member"u8);
        WriteMember(w, presence.Member);
    });

    /// <summary>A presence member as the <c>presence</c> reply and the join and leave pushes show it.</summary>
    public static void WriteMember(Utf8JsonWriter w, PresenceMember member)
    {
        w.WriteStartObject();
        w.WriteString("client"u8, member.ClientId);
        w.WriteString("user"u8, member.User);
        if (member.Info is not null)
        {
            w.WritePropertyName("info"u8);
            w.WriteRawValue(member.Info, skipInputValidation: true);
        }

        if (member.Data is not null)
        {
            w.WritePropertyName("data"u8);
            w.WriteRawValue(member.Data, skipInputValidation: true);
        }

        w.WriteEndObject();
    }

    /// <summary><c>{"push":"unsubscribed","channel":...,"code":N,"reason":...}</c>.</summary>
    public static SockJsMessage Unsubscribed(string channel, int code, string reason) => Build(w =>
    {
        w.WriteString("push"u8, "unsubscribed"u8);
        w.WriteString("channel"u8, channel);
        w.WriteNumber("code"u8, code);
        w.WriteString("reason"u8, reason);
    });

    /// <summary><c>{"push":"refresh-required"}</c>: the connection token expires soon; answer with <c>refresh</c>.</summary>
    public static readonly SockJsMessage RefreshRequired = Build(w => w.WriteString("push"u8, "refresh-required"u8));

    /// <summary><c>{"push":"disconnect","code":N,"reason":...,"reconnect":bool}</c>, sent before the SockJS close frame.</summary>
    public static SockJsMessage Disconnect(int code, string reason, bool reconnect) => Build(w =>
    {
        w.WriteString("push"u8, "disconnect"u8);
        w.WriteNumber("code"u8, code);
        w.WriteString("reason"u8, reason);
        w.WriteBoolean("reconnect"u8, reconnect);
    });

    private static SockJsMessage Build(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return new SockJsMessage(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
