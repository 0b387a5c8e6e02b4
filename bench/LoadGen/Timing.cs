namespace Realtime.Bench.LoadGen;

/// <summary>Helpers shared by the scenarios.</summary>
public static class Timing
{
    /// <summary>Microseconds since <paramref name="timestamp"/> (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    public static long MicrosSince(long timestamp) =>
        (long)System.Diagnostics.Stopwatch.GetElapsedTime(timestamp).TotalMicroseconds;

    /// <summary>Copies p50/p90/p99/max (ms) from <paramref name="histogram"/> into <paramref name="result"/>.</summary>
    public static void Fill(LatencyHistogram histogram, RunResult result)
    {
        if (histogram.Count == 0)
        {
            return;
        }

        result.LatencyP50Ms = Math.Round(histogram.Percentile(0.50) / 1000, 3);
        result.LatencyP90Ms = Math.Round(histogram.Percentile(0.90) / 1000, 3);
        result.LatencyP99Ms = Math.Round(histogram.Percentile(0.99) / 1000, 3);
        result.LatencyMaxMs = Math.Round(histogram.Percentile(1.0) / 1000, 3);
    }

    /// <summary>Waits <paramref name="time"/>, returning early (without throwing) when <paramref name="stop"/> fires.</summary>
    public static async Task PauseAsync(TimeSpan time, CancellationToken stop)
    {
        try
        {
            await Task.Delay(time, stop);
        }
        catch (OperationCanceledException)
        {
            // Told to stop: the caller carries on to its report.
        }
    }
}
