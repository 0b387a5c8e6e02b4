namespace Realtime.Grains;

/// <summary>A question to a channel's history.</summary>
/// <param name="Since">
/// Return what follows this position; null for the latest publications. A position of another epoch
/// cannot be followed: the answer then says so and holds the latest publications.
/// </param>
/// <param name="Limit">Most publications to return: the first ones after <paramref name="Since"/>, else the last ones.</param>
/// <param name="Policy">The namespace's history window.</param>
/// <param name="MessagesOnly">
/// Leave changes of keyed state out, and count only messages against <paramref name="Limit"/> (the <c>history</c>
/// op). False returns every offset, as a resuming subscriber needs them.
/// </param>
[GenerateSerializer, Immutable, Alias("realtime.history-query")]
public sealed record HistoryQuery(
    [property: Id(0)] ChannelPosition? Since,
    [property: Id(1)] int Limit,
    [property: Id(2)] HistoryPolicy Policy,
    [property: Id(3)] bool MessagesOnly = false);
