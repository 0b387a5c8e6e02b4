namespace Realtime.Grains;

/// <summary>
/// Which edge owns an HTTP-transport SockJS session, keyed by service prefix and session id, so a
/// request that reaches another edge (no sticky load balancer) can be forwarded to the owner.
/// </summary>
[Alias("realtime.sockjs-session")]
public interface ISockJsSessionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Claims the session for <paramref name="edgeUrl"/> unless another edge owns it; replaces the owner if
    /// it equals <paramref name="deadOwner"/>. Returns the owner's URL, or null when the caller is the owner.
    /// </summary>
    [Alias("claim")]
    Task<string?> ClaimAsync(string edgeUrl, string? deadOwner);

    /// <summary>The owner's URL, or null.</summary>
    [Alias("find")]
    Task<string?> FindAsync();

    /// <summary>The owner closed the session; ignored from any other edge.</summary>
    [Alias("release")]
    Task ReleaseAsync(string edgeUrl);
}
