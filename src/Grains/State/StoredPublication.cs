namespace Realtime.Grains.State;

/// <summary>One publication of a <see cref="ChannelRecord"/>; its channel and epoch are the record's.</summary>
[GenerateSerializer, Alias("realtime.stored-publication")]
internal sealed class StoredPublication
{
    /// <summary>Its offset.</summary>
    [Id(0)]
    public long Offset { get; set; }

    /// <summary>The payload as JSON text.</summary>
    [Id(1)]
    public string Data { get; set; } = string.Empty;

    /// <summary>Publishing client id, or null for the server API.</summary>
    [Id(2)]
    public string? FromClient { get; set; }

    /// <summary>Publishing user id, or null.</summary>
    [Id(3)]
    public string? FromUser { get; set; }

    /// <summary>When it was published, for the history TTL.</summary>
    [Id(4)]
    public DateTimeOffset At { get; set; }
}
