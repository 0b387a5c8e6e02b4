namespace Realtime.Grains;

/// <summary>
/// One authenticated user, keyed by the token's <c>sub</c>: the user's live connections on every edge,
/// so per-user limits hold across the cluster and anyone allowed can ask whether the user is online.
/// </summary>
[Alias("realtime.user")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds a connection unless the user already has <paramref name="max"/> (0: no limit); connections of
    /// edges that are no longer registered (crashed) do not count. Returns false when the limit is reached.
    /// </summary>
    [Alias("add-connection")]
    Task<bool> TryAddConnectionAsync(PresenceMember connection, int max);

    /// <summary>Removes a connection that closed. Idempotent.</summary>
    [Alias("remove-connection")]
    Task RemoveConnectionAsync(string clientId);

    /// <summary>The user's live connections' client ids.</summary>
    [Alias("connections")]
    Task<string[]> GetConnectionsAsync();

    /// <summary>The user's live connections as presence members (channel <c>$users:&lt;id&gt;</c>), in client id order.</summary>
    [Alias("presence")]
    Task<PresencePage> GetPresenceAsync(string? after, int limit);
}
