namespace Realtime.Grains;

/// <summary>A publication as channels store it and send it to edges.</summary>
/// <param name="Channel">Channel name.</param>
/// <param name="Epoch">The channel's epoch; it changes when its history was lost.</param>
/// <param name="Offset">Position in the channel, from 1, strictly increasing by one.</param>
/// <param name="Data">The payload as JSON text, forwarded without re-serialization.</param>
/// <param name="FromClient">Publishing client id, or null for the server API.</param>
/// <param name="FromUser">Publishing user id, or null.</param>
/// <param name="NumberedTicks">When the channel numbered it (UTC ticks, the silo clock): the start of publish-to-send latency; 0 when unknown.</param>
/// <param name="State">Set when this is a change of the channel's keyed state, not a message; <paramref name="Data"/> is then the key's value.</param>
[GenerateSerializer, Immutable, Alias("realtime.publication")]
public sealed record ChannelPublication(
    [property: Id(0)] string Channel,
    [property: Id(1)] string Epoch,
    [property: Id(2)] long Offset,
    [property: Id(3)] string Data,
    [property: Id(4)] string? FromClient,
    [property: Id(5)] string? FromUser,
    [property: Id(6)] long NumberedTicks = 0,
    [property: Id(7)] StateChange? State = null);
