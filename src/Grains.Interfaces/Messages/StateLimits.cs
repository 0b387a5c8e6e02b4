namespace Realtime.Grains;

/// <summary>
/// Bounds of a namespace's keyed state. They travel with each write, so silos need no namespace
/// configuration of their own.
/// </summary>
/// <param name="MaxKeys">Most keys one channel holds; a write that would add one more is refused.</param>
/// <param name="MaxValueBytes">Largest value in bytes of UTF-8 JSON, checked after a patch is applied.</param>
[GenerateSerializer, Immutable, Alias("realtime.state-limits")]
public sealed record StateLimits([property: Id(0)] int MaxKeys, [property: Id(1)] int MaxValueBytes);
