using System.Buffers;

namespace Realtime.Edge.SockJs.Framing;

/// <summary>
/// Wrappings that carry a frame inside another text: a JSON string literal (htmlfile, jsonp) and
/// the percent-escaping EventSource data needs.
/// </summary>
internal static class FrameQuoting
{
    private static readonly SearchValues<byte> NeedsQuoting = SearchValues.Create("\"\\<>&\r\n\0"u8);
    private static readonly SearchValues<byte> NeedsPercent = SearchValues.Create("%\r\n\0"u8);

    /// <summary>
    /// Writes the frame as a JSON string literal. Frames are already SockJS-escaped, so only quotes,
    /// backslashes and (for safety inside HTML) <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> need escaping:
    /// a message holding <c>&lt;/script&gt;</c> must not end the htmlfile script block.
    /// </summary>
    public static int WriteJsonString(ReadOnlySpan<byte> frame, IBufferWriter<byte> output)
    {
        var written = WriteJsonString(frame, output.GetSpan(MaxJsonStringLength(frame.Length)));
        output.Advance(written);
        return written;
    }

    /// <summary>Upper bound of <see cref="WriteJsonString(ReadOnlySpan{byte}, Span{byte})"/>'s output.</summary>
    public static int MaxJsonStringLength(int frameLength) => (frameLength * 6) + 2;

    /// <summary>Writes the frame as a JSON string literal into <paramref name="span"/>; returns the bytes written.</summary>
    public static int WriteJsonString(ReadOnlySpan<byte> frame, Span<byte> span)
    {
        var pos = 0;
        span[pos++] = (byte)'"';
        while (!frame.IsEmpty)
        {
            var next = frame.IndexOfAny(NeedsQuoting);
            var run = next < 0 ? frame : frame[..next];
            run.CopyTo(span[pos..]);
            pos += run.Length;
            if (next < 0)
            {
                break;
            }

            var b = frame[next];
            span[pos++] = (byte)'\\';
            if (b is (byte)'"' or (byte)'\\')
            {
                span[pos++] = b;
            }
            else
            {
                span[pos++] = (byte)'u';
                span[pos++] = (byte)'0';
                span[pos++] = (byte)'0';
                span[pos++] = (byte)"0123456789abcdef"[b >> 4];
                span[pos++] = (byte)"0123456789abcdef"[b & 0xF];
            }

            frame = frame[(next + 1)..];
        }

        span[pos++] = (byte)'"';
        return pos;
    }

    /// <summary>Percent-escapes <c>%</c>, CR, LF and NUL for EventSource; the client runs decodeURI on the data.</summary>
    public static int WritePercentEscaped(ReadOnlySpan<byte> frame, IBufferWriter<byte> output)
    {
        var written = WritePercentEscaped(frame, output.GetSpan(frame.Length * 3));
        output.Advance(written);
        return written;
    }

    /// <summary>Percent-escapes into <paramref name="span"/>, which holds three bytes per frame byte; returns the bytes written.</summary>
    public static int WritePercentEscaped(ReadOnlySpan<byte> frame, Span<byte> span)
    {
        var pos = 0;
        while (!frame.IsEmpty)
        {
            var next = frame.IndexOfAny(NeedsPercent);
            var run = next < 0 ? frame : frame[..next];
            run.CopyTo(span[pos..]);
            pos += run.Length;
            if (next < 0)
            {
                break;
            }

            var b = frame[next];
            span[pos++] = (byte)'%';
            span[pos++] = (byte)"0123456789ABCDEF"[b >> 4];
            span[pos++] = (byte)"0123456789ABCDEF"[b & 0xF];
            frame = frame[(next + 1)..];
        }

        return pos;
    }
}
