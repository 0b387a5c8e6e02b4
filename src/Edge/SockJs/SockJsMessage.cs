using System.Text;
using Realtime.Edge.SockJs.Framing;

namespace Realtime.Edge.SockJs;

/// <summary>
/// A message encoded once for any number of sessions: fan-out builds one instance and hands it to
/// every connection, so no session re-serializes it.
/// </summary>
public sealed class SockJsMessage
{
    private byte[]? _singleFrame;
    private byte[]? _rawUtf8;

    /// <summary>Creates a message from its text.</summary>
    public SockJsMessage(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Text = text;
        Encoded = SockJsJson.EncodeString(text);
    }

    /// <summary>The message text.</summary>
    public string Text { get; }

    /// <summary>The text as a quoted JSON string literal with SockJS escaping, UTF-8.</summary>
    public ReadOnlyMemory<byte> Encoded { get; }

    /// <summary>The frame <c>a["..."]</c> carrying only this message, built on first use and shared.</summary>
    internal ReadOnlyMemory<byte> SingleFrame => _singleFrame ??= Frame.Messages([this]);

    /// <summary>The text as plain UTF-8, for the raw WebSocket endpoint.</summary>
    internal ReadOnlyMemory<byte> RawUtf8 => _rawUtf8 ??= Encoding.UTF8.GetBytes(Text);

    /// <summary>Bytes this message occupies in a frame, for queue accounting.</summary>
    internal int Size => Encoded.Length + 1;
}
