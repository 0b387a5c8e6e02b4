namespace Realtime.Edge.SockJs;

/// <summary>
/// Where HTTP-transport sessions live when successive requests of one session may reach different
/// edges (a load balancer without sticky sessions). A session stays on the edge that created it; a
/// request that lands elsewhere is forwarded to that edge. Without a locator, sessions are local.
/// </summary>
public interface ISockJsSessionLocator
{
    /// <summary>Claims <paramref name="key"/> for this edge. Returns null when this edge owns it now, else the base URL of the owning edge.</summary>
    /// <param name="key">Service prefix and session id.</param>
    /// <param name="deadOwner">An owner this edge failed to reach; the claim replaces it if it is still the owner.</param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    ValueTask<Uri?> ClaimAsync(string key, Uri? deadOwner, CancellationToken cancellationToken);

    /// <summary>The base URL of the edge owning <paramref name="key"/>, or null when no edge does.</summary>
    ValueTask<Uri?> FindAsync(string key, CancellationToken cancellationToken);

    /// <summary>This edge's session <paramref name="key"/> has closed for good.</summary>
    void Release(string key);

    /// <summary>This edge's own base URL, to recognise itself as an owner.</summary>
    Uri? Self { get; }
}
