namespace Realtime.Grains;

/// <summary>
/// The owner of one HTTP-transport session. Kept active while owned; an owner that died is replaced by
/// the first edge that fails to reach it.
/// </summary>
public sealed class SockJsSessionGrain : Grain, ISockJsSessionGrain
{
    // A session with no request for this long is gone anyway (its disconnect delay is seconds).
    private static readonly TimeSpan OwnedLifetime = TimeSpan.FromHours(12);
    private string? _owner;

    /// <inheritdoc />
    public Task<string?> ClaimAsync(string edgeUrl, string? deadOwner)
    {
        if (_owner is null || _owner == deadOwner)
        {
            _owner = edgeUrl;
            DelayDeactivation(OwnedLifetime);
        }

        return Task.FromResult(_owner == edgeUrl ? null : _owner);
    }

    /// <inheritdoc />
    public Task<string?> FindAsync() => Task.FromResult(_owner);

    /// <inheritdoc />
    public Task ReleaseAsync(string edgeUrl)
    {
        if (_owner == edgeUrl)
        {
            _owner = null;
            DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }
}
