namespace Realtime.Grains;

/// <summary>One write to a channel's keyed state.</summary>
/// <param name="Kind">Set, patch or delete.</param>
/// <param name="Key">The key, non-empty.</param>
/// <param name="Value">JSON text: the new value (set) or the merge patch (patch); null for delete.</param>
/// <param name="Limits">The namespace's bounds.</param>
/// <param name="IfVersion">
/// Compare-and-set: apply only when the key's version is this one (0: only when the key does not exist).
/// Null applies unconditionally.
/// </param>
/// <param name="Ttl">
/// The key expires this long after the write and is removed like a delete. Null: a set makes the key
/// permanent, a patch keeps its expiry.
/// </param>
/// <param name="IdempotencyKey">
/// Names the write: a retry with the same key from the same writer (user, else client, else the server API)
/// within the channel's idempotency window is not applied again and gets the first result.
/// </param>
/// <param name="FromClient">Writing client id, or null for the server API.</param>
/// <param name="FromUser">Writing user id, or null.</param>
/// <param name="History">The namespace's history window (state changes take offsets and live in it too).</param>
[GenerateSerializer, Immutable, Alias("realtime.state-write")]
public sealed record StateWriteRequest(
    [property: Id(0)] StateWriteKind Kind,
    [property: Id(1)] string Key,
    [property: Id(2)] string? Value,
    [property: Id(3)] StateLimits Limits,
    [property: Id(4)] long? IfVersion = null,
    [property: Id(5)] TimeSpan? Ttl = null,
    [property: Id(6)] string? IdempotencyKey = null,
    [property: Id(7)] string? FromClient = null,
    [property: Id(8)] string? FromUser = null,
    [property: Id(9)] HistoryPolicy? History = null);
