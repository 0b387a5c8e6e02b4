namespace Realtime.Client;

/// <summary>One page of a channel's presence.</summary>
/// <param name="Members">Members in client id order.</param>
/// <param name="Users">Distinct non-empty users in the channel.</param>
/// <param name="Total">Members in the channel.</param>
/// <param name="Next">The cursor of the next page, or null on the last.</param>
public sealed record PresenceResult(IReadOnlyList<PresenceMember> Members, int Users, int Total, string? Next);
