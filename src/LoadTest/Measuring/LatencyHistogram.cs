namespace Realtime.LoadTest.Measuring;

/// <summary>Thread-safe latency histogram: 10 µs buckets up to 100 ms, then 1 ms buckets up to 60 s.</summary>
internal sealed class LatencyHistogram
{
    private const int FineBuckets = 10_000;
    private readonly long[] _buckets = new long[FineBuckets + 60_000];
    private long _count;
    private long _maxMicros;

    public long Count => Interlocked.Read(ref _count);

    public void Record(double micros)
    {
        var value = (long)Math.Max(0, micros);
        var index = value < FineBuckets * 10 ? (int)(value / 10) : (int)Math.Min(_buckets.Length - 1, FineBuckets + ((value - (FineBuckets * 10)) / 1000));
        Interlocked.Increment(ref _buckets[index]);
        Interlocked.Increment(ref _count);
        long max;
        while (value > (max = Interlocked.Read(ref _maxMicros)) && Interlocked.CompareExchange(ref _maxMicros, value, max) != max)
        {
        }
    }

    /// <summary>The latency at quantile <paramref name="q"/> (0..1), in milliseconds.</summary>
    public double PercentileMs(double q)
    {
        var total = Count;
        if (total == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(q * total);
        long seen = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            seen += Interlocked.Read(ref _buckets[i]);
            if (seen >= rank)
            {
                var micros = i < FineBuckets ? (i * 10) + 10 : (FineBuckets * 10) + ((i - FineBuckets + 1) * 1000);
                return Math.Min(micros, MaxMs * 1000) / 1000.0;
            }
        }

        return MaxMs;
    }

    public double MaxMs => Interlocked.Read(ref _maxMicros) / 1000.0;

    public void Reset()
    {
        Array.Clear(_buckets);
        Interlocked.Exchange(ref _count, 0);
        Interlocked.Exchange(ref _maxMicros, 0);
    }
}
