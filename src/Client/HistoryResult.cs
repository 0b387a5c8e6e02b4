namespace Realtime.Client;

/// <summary>A channel's history as <c>history</c> answered it.</summary>
/// <param name="Position">The channel's epoch and latest offset.</param>
/// <param name="Publications">Publications in offset order.</param>
/// <param name="Recovered">With a <c>since</c>: whether everything after it was still in the window; null without.</param>
public sealed record HistoryResult(StreamPosition Position, IReadOnlyList<Publication> Publications, bool? Recovered);
