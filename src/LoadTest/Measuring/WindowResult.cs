namespace Realtime.LoadTest.Measuring;

/// <summary>What a measured window saw; <paramref name="ClientCpu"/> is the load tool's own CPU time in it.</summary>
internal sealed record WindowResult(TimeSpan Elapsed, TimeSpan ServerCpu, long Delivered, long Sent, long ServerRssKiB, TimeSpan ClientCpu = default);
