namespace Realtime.Grains;

/// <summary>How a channel answered a <see cref="StateWriteRequest"/>.</summary>
[GenerateSerializer, Alias("realtime.state-write-status")]
public enum StateWriteStatus
{
    /// <summary>Applied: the change has an offset, which is the key's new version, and was sent to subscribers.</summary>
    Applied,

    /// <summary>A delete of a key that does not exist: nothing changed and no offset was taken.</summary>
    Unchanged,

    /// <summary><see cref="StateWriteRequest.IfVersion"/> did not match; the result carries the key's current version (0: absent).</summary>
    Conflict,

    /// <summary>The write would add a key beyond <see cref="StateLimits.MaxKeys"/>.</summary>
    TooManyKeys,

    /// <summary>The value (after a patch) is over <see cref="StateLimits.MaxValueBytes"/>.</summary>
    ValueTooLarge,

    /// <summary>The request cannot be applied: an empty key, a missing value, or a value or patch that is not JSON.</summary>
    Invalid,
}
