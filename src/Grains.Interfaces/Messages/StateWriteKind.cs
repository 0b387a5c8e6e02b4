namespace Realtime.Grains;

/// <summary>What a <see cref="StateWriteRequest"/> does to its key.</summary>
[GenerateSerializer, Alias("realtime.state-write-kind")]
public enum StateWriteKind
{
    /// <summary>Replaces the value (creating the key when absent).</summary>
    Set,

    /// <summary>Applies a JSON merge patch (RFC 7386) to the value; an absent key is patched from nothing.</summary>
    Patch,

    /// <summary>Removes the key.</summary>
    Delete,
}
