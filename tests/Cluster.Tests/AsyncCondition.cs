using System.Diagnostics;

namespace Realtime.Cluster.Tests;

/// <summary>Waits for a condition that needs a call (a grain query) to evaluate, with a deadline naming what was awaited.</summary>
public static class AsyncCondition
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > limit)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.#} s waiting for: {what}");
            }

            await Task.Delay(20);
        }
    }
}
