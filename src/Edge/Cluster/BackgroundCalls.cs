namespace Realtime.Edge.Cluster;

/// <summary>Cluster calls the edge does not wait for: a failure is observed and dropped, because a lease or the next renewal cleans up after it.</summary>
internal static class BackgroundCalls
{
    public static void Forget(this Task call) => _ = call.ContinueWith(static _ => { }, TaskScheduler.Default);
}
