using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Realtime.Client.SockJs.Framing;

/// <summary>
/// Reads server frames. Messages are unescaped into one reused buffer and handed out as spans, so a frame
/// allocates nothing unless its message outgrows the buffer. Anything that is not one of the four frames
/// throws <see cref="SockJsProtocolException"/> with an excerpt of what arrived.
/// </summary>
internal sealed class FrameReader
{
    private byte[] _message = new byte[4096];

    /// <summary>
    /// Reads one frame. For <see cref="FrameKind.Messages"/> each message goes to <paramref name="onMessage"/> in order;
    /// for <see cref="FrameKind.Close"/> the code and reason come back through the out parameters.
    /// </summary>
    public FrameKind Read(ReadOnlySpan<byte> frame, SockJsMessageHandler? onMessage, out int closeCode, out string closeReason)
    {
        closeCode = 0;
        closeReason = string.Empty;
        if (frame.IsEmpty)
        {
            throw Malformed("an empty frame", frame);
        }

        try
        {
            switch (frame[0])
            {
                case (byte)'o' when frame.Length == 1:
                    return FrameKind.Open;
                case (byte)'h' when frame.TrimStart((byte)'h').IsEmpty:
                    return FrameKind.Heartbeat;
                case (byte)'a':
                    ReadMessages(frame[1..], onMessage);
                    return FrameKind.Messages;
                case (byte)'c':
                    (closeCode, closeReason) = ReadClose(frame[1..]);
                    return FrameKind.Close;
                default:
                    throw Malformed("an unknown frame", frame);
            }
        }
        catch (JsonException ex)
        {
            throw Malformed("a frame that is not valid JSON", frame, ex);
        }
    }

    private void ReadMessages(ReadOnlySpan<byte> array, SockJsMessageHandler? onMessage)
    {
        var reader = new Utf8JsonReader(array);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw Malformed("a message frame without a JSON array", array);
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw Malformed("a message frame whose array holds a non-string", array);
            }

            if (!reader.ValueIsEscaped)
            {
                onMessage?.Invoke(reader.ValueSpan);
                continue;
            }

            // Unescaping never makes a string longer than its escaped form.
            if (_message.Length < reader.ValueSpan.Length)
            {
                _message = new byte[Math.Max(reader.ValueSpan.Length, _message.Length * 2)];
            }

            var length = reader.CopyString(_message);
            onMessage?.Invoke(_message.AsSpan(0, length));
        }

        if (reader.TokenType != JsonTokenType.EndArray || reader.Read())
        {
            throw Malformed("a message frame with text after its array", array);
        }
    }

    private static (int Code, string Reason) ReadClose(ReadOnlySpan<byte> array)
    {
        var reader = new Utf8JsonReader(array);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray
            || !reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var code)
            || !reader.Read() || reader.TokenType != JsonTokenType.String)
        {
            throw Malformed("a close frame that is not [code,\"reason\"]", array);
        }

        var reason = reader.GetString() ?? string.Empty;
        if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray || reader.Read())
        {
            throw Malformed("a close frame that is not [code,\"reason\"]", array);
        }

        return (code, reason);
    }

    private static SockJsProtocolException Malformed(string what, ReadOnlySpan<byte> frame, Exception? inner = null)
    {
        const int Shown = 64;
        var text = Encoding.UTF8.GetString(frame[..Math.Min(frame.Length, Shown)]);
        var more = frame.Length > Shown ? "..." : string.Empty;
        return new SockJsProtocolException($"The server sent {what}: {JsonSerializer.Serialize(text)}{more}", inner);
    }
}
