using System.Numerics;

namespace Realtime.Bench.LoadGen;

/// <summary>
/// A lock-free log-linear histogram of microseconds: exact below 128 µs, then 64 buckets per power of
/// two (≤ 1.6 % error). Safe to record from every receive loop at once.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBuckets = 64;
    private const int MaxShift = 40;
    private readonly long[] counts = new long[(MaxShift + 2) * SubBuckets];

    /// <summary>Number of recorded values.</summary>
    public long Count
    {
        get
        {
            long total = 0;
            for (var i = 0; i < counts.Length; i++)
            {
                total += Volatile.Read(ref counts[i]);
            }

            return total;
        }
    }

    /// <summary>Records one value in microseconds (negative values count as 0).</summary>
    public void Record(long micros)
    {
        Interlocked.Increment(ref counts[Index(Math.Max(0, micros))]);
    }

    /// <summary>Forgets every recorded value.</summary>
    public void Reset() => Array.Clear(counts);

    /// <summary>The value (µs) at or below which <paramref name="quantile"/> of the recorded values lie.</summary>
    public double Percentile(double quantile)
    {
        var total = Count;
        if (total == 0)
        {
            return double.NaN;
        }

        var target = (long)Math.Ceiling(quantile * total);
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += Volatile.Read(ref counts[i]);
            if (seen >= Math.Max(1, target))
            {
                return Midpoint(i);
            }
        }

        return Midpoint(counts.Length - 1);
    }

    private static int Index(long value)
    {
        if (value < 2 * SubBuckets)
        {
            return (int)value;
        }

        var shift = Math.Min(BitOperations.Log2((ulong)value) - 6, MaxShift);
        var mantissa = Math.Min(value >> shift, (2 * SubBuckets) - 1);
        return ((shift + 1) * SubBuckets) + (int)(mantissa - SubBuckets);
    }

    private static double Midpoint(int index)
    {
        if (index < 2 * SubBuckets)
        {
            return index;
        }

        var shift = (index / SubBuckets) - 1;
        var low = (long)((index % SubBuckets) + SubBuckets) << shift;
        return low + ((1L << shift) / 2.0);
    }
}
