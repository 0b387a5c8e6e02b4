using System.Buffers;
using System.Text.Json;

namespace Realtime.Bench.LoadGen;

/// <summary>Reads SockJS websocket-transport frames and writes the client's message frames.</summary>
public static class SockJsFrames
{
    /// <summary>Writes <c>["payload"]</c>; the payload must need no JSON escaping (the generator's never does).</summary>
    public static int WriteMessage(Span<byte> destination, ReadOnlySpan<byte> payload)
    {
        destination[0] = (byte)'[';
        destination[1] = (byte)'"';
        payload.CopyTo(destination[2..]);
        destination[payload.Length + 2] = (byte)'"';
        destination[payload.Length + 3] = (byte)']';
        return payload.Length + 4;
    }

    /// <summary>Classifies a frame and hands each message of an <c>a[...]</c> frame to <paramref name="sink"/>.</summary>
    /// <returns>The frame kind; <paramref name="messages"/> is the number of messages delivered.</returns>
    public static FrameKind Read(ReadOnlySpan<byte> frame, IPayloadSink sink, out int messages)
    {
        messages = 0;
        if (frame.IsEmpty)
        {
            return FrameKind.Unknown;
        }

        switch (frame[0])
        {
            case (byte)'o' when frame.Length == 1:
                return FrameKind.Open;
            case (byte)'h' when frame.Length == 1:
                return FrameKind.Heartbeat;
            case (byte)'c':
                return FrameKind.Close;
            case (byte)'a':
                messages = ReadArray(frame[1..], sink);
                return FrameKind.Messages;
            default:
                return FrameKind.Unknown;
        }
    }

    private static int ReadArray(ReadOnlySpan<byte> json, IPayloadSink sink)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw new FormatException("SockJS 'a' frame without a JSON array.");
        }

        var count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.String)
        {
            if (!reader.ValueIsEscaped && !reader.HasValueSequence)
            {
                sink.OnPayload(reader.ValueSpan);
            }
            else
            {
                Unescaped(ref reader, sink);
            }

            count++;
        }

        if (reader.TokenType != JsonTokenType.EndArray)
        {
            throw new FormatException("SockJS 'a' frame holds something other than strings.");
        }

        return count;
    }

    private static void Unescaped(ref Utf8JsonReader reader, IPayloadSink sink)
    {
        var length = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = reader.CopyString(rented);
            sink.OnPayload(rented.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
