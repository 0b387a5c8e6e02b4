using System.Diagnostics;

namespace Realtime.TestKit;

/// <summary>One deadline shared by the reads that make up one awaited thing; its failure names that thing.</summary>
internal sealed class RawDeadline(TimeSpan limit, string what)
{
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();

    /// <summary>What is being awaited.</summary>
    public string What => what;

    /// <summary>Time left, at least one millisecond so a last read can still complete.</summary>
    public TimeSpan Remaining
    {
        get
        {
            var left = limit - _elapsed.Elapsed;
            return left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1);
        }
    }

    /// <summary>The exception for a deadline that passed.</summary>
    public TimeoutException Expired() =>
        new($"Timed out after {limit.TotalSeconds:0.#} s waiting for: {what}");
}
