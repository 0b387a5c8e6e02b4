namespace Realtime.Client;

/// <summary>A place in a channel's publication stream: the channel's epoch and the last offset seen in it.</summary>
/// <param name="Epoch">Changes when the channel's history was lost; offsets of different epochs are unrelated.</param>
/// <param name="Offset">The offset of the last publication seen (0 before the first).</param>
public readonly record struct StreamPosition(string Epoch, long Offset);
