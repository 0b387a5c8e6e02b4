namespace Realtime.Grains.Hosting;

/// <summary>
/// Where durable channels (<see cref="HistoryPolicy.Durable"/>) keep their record: the grain storage
/// <see cref="ChannelStorage.Name"/> of every silo.
/// </summary>
public enum ChannelPersistence
{
    /// <summary>No grain storage: every channel lives in memory only, and no namespace may be durable.</summary>
    None,

    /// <summary>
    /// Orleans' memory grain storage: records outlive a channel's activation but not the silo that holds
    /// them, so it suits tests of the durable code path, not production.
    /// </summary>
    Memory,

    /// <summary>Orleans' Redis grain storage on <see cref="RealtimeClusterOptions.RedisConnection"/>.</summary>
    Redis,
}
