using System.Buffers;
using System.Globalization;
using System.Text;

namespace Realtime.Edge.SockJs.Framing;

/// <summary>SockJS server-to-client frames: <c>o</c>, <c>h</c>, <c>a[...]</c> and <c>c[code,"reason"]</c>.</summary>
internal static class Frame
{
    /// <summary>The open frame.</summary>
    public static readonly byte[] Open = "o"u8.ToArray();

    /// <summary>The heartbeat frame.</summary>
    public static readonly byte[] Heartbeat = "h"u8.ToArray();

    /// <summary><c>c[2010,"Another connection still open"]</c>, for a second concurrent receiver.</summary>
    public static readonly byte[] AnotherConnectionOpen = Close(2010, "Another connection still open");

    /// <summary>Builds <c>c[code,"reason"]</c>.</summary>
    public static byte[] Close(int code, string reason)
    {
        var writer = new ArrayBufferWriter<byte>(32 + reason.Length);
        writer.Write("c["u8);
        writer.Write(Encoding.ASCII.GetBytes(code.ToString(CultureInfo.InvariantCulture)));
        writer.Write(","u8);
        SockJsJson.WriteString(reason, writer);
        writer.Write("]"u8);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Builds <c>a[m1,m2,...]</c> into a new array.</summary>
    public static byte[] Messages(IReadOnlyList<SockJsMessage> messages)
    {
        var buffer = new byte[MessagesLength(messages)];
        WriteMessages(messages, buffer);
        return buffer;
    }

    /// <summary>Length of <c>a[...]</c> for these messages.</summary>
    public static int MessagesLength(IReadOnlyList<SockJsMessage> messages)
    {
        var length = 2;
        for (var i = 0; i < messages.Count; i++)
        {
            length += messages[i].Size;
        }

        return length + (messages.Count == 0 ? 1 : 0);
    }

    /// <summary>Writes <c>a[...]</c> into <paramref name="destination"/>, which holds <see cref="MessagesLength"/> bytes.</summary>
    public static int WriteMessages(IReadOnlyList<SockJsMessage> messages, Span<byte> destination)
    {
        destination[0] = (byte)'a';
        destination[1] = (byte)'[';
        var pos = 2;
        for (var i = 0; i < messages.Count; i++)
        {
            if (i > 0)
            {
                destination[pos++] = (byte)',';
            }

            messages[i].Encoded.Span.CopyTo(destination[pos..]);
            pos += messages[i].Encoded.Length;
        }

        destination[pos++] = (byte)']';
        return pos;
    }
}
