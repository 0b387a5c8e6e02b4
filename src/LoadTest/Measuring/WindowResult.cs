namespace Realtime.LoadTest.Measuring;

/// <summary>What a measured window saw.</summary>
internal sealed record WindowResult(TimeSpan Elapsed, TimeSpan ServerCpu, long Delivered, long Sent, long ServerRssKiB);
