namespace Realtime.LoadTest.Scenarios;

/// <summary>Reconnect delays: 100 ms doubling to 5 s, half of each random so that a crowd of clients dropped at once spreads out.</summary>
internal static class Backoff
{
    public static TimeSpan Delay(int attempt)
    {
        var ceiling = Math.Min(5000, 100 * Math.Pow(2, Math.Min(attempt, 10)));
        return TimeSpan.FromMilliseconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
    }
}
