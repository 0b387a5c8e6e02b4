namespace Realtime.Grains;

/// <summary>
/// Marks a <see cref="ChannelPublication"/> as a change of the channel's keyed state rather than a message.
/// The publication's <see cref="ChannelPublication.Data"/> is the key's new value (<c>null</c> when removed)
/// and its offset is the key's new version, so state changes are ordered, gap-filled and resumed exactly
/// like messages.
/// </summary>
/// <param name="Key">The key that changed.</param>
/// <param name="Removed">True when the key was deleted or expired.</param>
[GenerateSerializer, Immutable, Alias("realtime.state-change")]
public sealed record StateChange([property: Id(0)] string Key, [property: Id(1)] bool Removed);
