namespace Realtime.Grains.State;

/// <summary>One key's value in a channel's keyed state.</summary>
/// <param name="Value">JSON text.</param>
/// <param name="Version">The offset of the change that wrote it.</param>
/// <param name="ExpiresAt">UTC ticks when the key expires; 0 for never.</param>
/// <param name="Bytes">Key and value in UTF-8 bytes, for sizing pages.</param>
internal sealed record StoredValue(string Value, long Version, long ExpiresAt, int Bytes);
