namespace Realtime.Grains;

/// <summary>What one edge serves now, as it counts it.</summary>
/// <param name="EdgeId">The edge.</param>
/// <param name="Connections">Its connected clients (those that completed <c>connect</c>).</param>
/// <param name="Channels">Its channels with subscribers, those asked for, in no particular order.</param>
[GenerateSerializer, Immutable, Alias("realtime.edge-report")]
public sealed record EdgeReport(
    [property: Id(0)] string EdgeId,
    [property: Id(1)] int Connections,
    [property: Id(2)] ChannelSubscribers[] Channels);
