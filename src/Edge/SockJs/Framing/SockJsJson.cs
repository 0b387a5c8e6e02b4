using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Realtime.Edge.SockJs.Framing;

/// <summary>
/// JSON string encoding as SockJS requires it: besides what JSON needs, the code points that some
/// browsers mangle (U+200C–200F, U+2028–202F, U+2060–206F, U+FFF0–FFFF and every surrogate) are
/// written as lower-case <c>\uXXXX</c>. System.Text.Json writes upper-case hex and leaves some of
/// these raw, and it refuses lone surrogates, which SockJS clients may legitimately send.
/// </summary>
internal static class SockJsJson
{
    // Printable ASCII except the quote and the backslash: the runs that need no look at all.
    private static readonly SearchValues<char> PlainAscii = SearchValues.Create(BuildPlainAscii());
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Upper bound of the UTF-8 bytes the string writers produce for <paramref name="length"/> UTF-16 chars.</summary>
    public static int MaxEncodedLength(int length) => (length * 6) + 2;

    /// <summary>Writes <paramref name="value"/> as a quoted JSON string literal with SockJS escaping.</summary>
    public static void WriteString(ReadOnlySpan<char> value, IBufferWriter<byte> writer)
    {
        var span = writer.GetSpan(MaxEncodedLength(value.Length));
        var written = WriteString(value, span);
        writer.Advance(written);
    }

    /// <summary>Writes the literal into <paramref name="destination"/>, which must hold <see cref="MaxEncodedLength"/> bytes.</summary>
    public static int WriteString(ReadOnlySpan<char> value, Span<byte> destination)
    {
        var pos = 0;
        destination[pos++] = (byte)'"';
        while (!value.IsEmpty)
        {
            var next = value.IndexOfAnyExcept(PlainAscii);
            if (next >= 0)
            {
                while (next < value.Length && !NeedsEscape(value[next]))
                {
                    next++;
                }

                if (next == value.Length)
                {
                    next = -1;
                }
            }

            var run = next < 0 ? value : value[..next];
            if (!run.IsEmpty)
            {
                // Runs hold no surrogates (they are all escaped), so transcoding cannot fail.
                Utf8.FromUtf16(run, destination[pos..], out _, out var bytes);
                pos += bytes;
            }

            if (next < 0)
            {
                break;
            }

            pos += WriteEscape(value[next], destination[pos..]);
            value = value[(next + 1)..];
        }

        destination[pos++] = (byte)'"';
        return pos;
    }

    /// <summary>Encodes a string as a JSON literal into a new array.</summary>
    public static byte[] EncodeString(string value)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxEncodedLength(value.Length));
        try
        {
            var length = WriteString(value, buffer);
            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Decodes the raw contents of a JSON string token (between the quotes, escapes still in place,
    /// already validated by <see cref="System.Text.Json.Utf8JsonReader"/>) into UTF-16, keeping lone
    /// surrogates. Throws <see cref="DecoderFallbackException"/> on invalid UTF-8.
    /// </summary>
    public static string DecodeString(ReadOnlySpan<byte> raw, bool isEscaped)
    {
        if (!isEscaped)
        {
            return StrictUtf8.GetString(raw);
        }

        var chars = raw.Length <= 256 ? stackalloc char[raw.Length] : new char[raw.Length];
        var count = 0;
        while (!raw.IsEmpty)
        {
            var slash = raw.IndexOf((byte)'\\');
            var run = slash < 0 ? raw : raw[..slash];
            count += StrictUtf8.GetChars(run, chars[count..]);
            if (slash < 0)
            {
                break;
            }

            var kind = raw[slash + 1];
            if (kind == (byte)'u')
            {
                chars[count++] = (char)ParseHex4(raw.Slice(slash + 2, 4));
                raw = raw[(slash + 6)..];
                continue;
            }

            chars[count++] = kind switch
            {
                (byte)'b' => '\b',
                (byte)'f' => '\f',
                (byte)'n' => '\n',
                (byte)'r' => '\r',
                (byte)'t' => '\t',
                _ => (char)kind, // '"', '\\' and '/'
            };
            raw = raw[(slash + 2)..];
        }

        return new string(chars[..count]);
    }

    private static int ParseHex4(ReadOnlySpan<byte> hex)
    {
        var value = 0;
        foreach (var b in hex)
        {
            value = (value << 4) | (b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10);
        }

        return value;
    }

    private static int WriteEscape(char c, Span<byte> destination)
    {
        char shortForm = c switch
        {
            '"' => '"',
            '\\' => '\\',
            '\b' => 'b',
            '\f' => 'f',
            '\n' => 'n',
            '\r' => 'r',
            '\t' => 't',
            _ => '\0',
        };
        destination[0] = (byte)'\\';
        if (shortForm != '\0')
        {
            destination[1] = (byte)shortForm;
            return 2;
        }

        destination[1] = (byte)'u';
        destination[2] = Hex(c >> 12);
        destination[3] = Hex(c >> 8);
        destination[4] = Hex(c >> 4);
        destination[5] = Hex(c);
        return 6;
    }

    private static byte Hex(int nibble) => (byte)"0123456789abcdef"[nibble & 0xF];

    /// <summary>The characters SockJS clients need escaped, beyond JSON's own quote, backslash and controls.</summary>
    private static bool NeedsEscape(char c) =>
        c < 0x20 || c == '"' || c == '\\'
        || (c >= 0x200C && (c <= 0x200F
            || (c >= 0x2028 && c <= 0x202F)
            || (c >= 0x2060 && c <= 0x206F)
            || (c >= 0xD800 && c <= 0xDFFF)
            || c >= 0xFFF0));

    private static string BuildPlainAscii()
    {
        var set = new StringBuilder();
        for (var c = ' '; c <= '~'; c++)
        {
            if (c is not ('"' or '\\'))
            {
                set.Append(c);
            }
        }

        return set.ToString();
    }
}
