namespace Realtime.Grains.State;

/// <summary>
/// What a durable channel keeps in grain storage: enough for a new activation to go on with the same epoch
/// and offsets and to answer resumes within the history window. Rewritten whole on every write.
/// </summary>
[GenerateSerializer, Alias("realtime.channel-record")]
internal sealed class ChannelRecord
{
    /// <summary>The channel's epoch; null or empty means no history was kept.</summary>
    [Id(0)]
    public string? Epoch { get; set; }

    /// <summary>The last offset given out.</summary>
    [Id(1)]
    public long Offset { get; set; }

    /// <summary>The history window at the time of the write, in offset order.</summary>
    [Id(2)]
    public List<StoredPublication> Publications { get; set; } = [];
}
