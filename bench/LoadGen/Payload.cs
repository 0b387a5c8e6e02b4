using System.Buffers.Text;

namespace Realtime.Bench.LoadGen;

/// <summary>
/// The benchmark message: <c>seq,timestamp,xxxx…</c> in ASCII (no JSON escaping needed), padded to a size.
/// The timestamp is <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> of the sending process.
/// </summary>
public static class Payload
{
    /// <summary>Smallest payload that always fits two 19-digit numbers and the separators.</summary>
    public const int MinimumSize = 42;

    /// <summary>Writes a payload of at least <paramref name="size"/> bytes; returns its length.</summary>
    public static int Write(Span<byte> destination, long sequence, long timestamp, int size)
    {
        Utf8Formatter.TryFormat(sequence, destination, out var n);
        destination[n++] = (byte)',';
        Utf8Formatter.TryFormat(timestamp, destination[n..], out var m);
        n += m;
        destination[n++] = (byte)',';
        while (n < size)
        {
            destination[n++] = (byte)'x';
        }

        return n;
    }

    /// <summary>Reads the sequence number and send timestamp back; false for a foreign message.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out long sequence, out long timestamp)
    {
        timestamp = 0;
        if (!Utf8Parser.TryParse(payload, out sequence, out var n) || n >= payload.Length || payload[n] != (byte)',')
        {
            return false;
        }

        return Utf8Parser.TryParse(payload[(n + 1)..], out timestamp, out _);
    }
}
