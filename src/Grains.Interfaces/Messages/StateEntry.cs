namespace Realtime.Grains;

/// <summary>One key of a channel's keyed state.</summary>
/// <param name="Key">The key.</param>
/// <param name="Value">Its value as JSON text.</param>
/// <param name="Version">The offset of the change that last wrote it.</param>
[GenerateSerializer, Immutable, Alias("realtime.state-entry")]
public sealed record StateEntry([property: Id(0)] string Key, [property: Id(1)] string Value, [property: Id(2)] long Version);
