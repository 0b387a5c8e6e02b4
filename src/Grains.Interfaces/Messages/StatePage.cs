namespace Realtime.Grains;

/// <summary>Part of a channel's keyed state, in ordinal key order, read at one moment.</summary>
/// <param name="Epoch">The channel's epoch.</param>
/// <param name="Offset">The channel's last offset when the page was read: every change up to it is reflected.</param>
/// <param name="Entries">This page's keys.</param>
/// <param name="Next">The cursor of the next page (the last key of this one), or null when this is the last.</param>
[GenerateSerializer, Immutable, Alias("realtime.state-page")]
public sealed record StatePage(
    [property: Id(0)] string Epoch,
    [property: Id(1)] long Offset,
    [property: Id(2)] StateEntry[] Entries,
    [property: Id(3)] string? Next);
