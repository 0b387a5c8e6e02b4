namespace Realtime.Grains;

/// <summary>A connection's identity and subscriptions, kept current by its edge.</summary>
public sealed class SessionGrain : Grain, ISessionGrain
{
    private readonly HashSet<string> _channels = new(StringComparer.Ordinal);
    private SessionInfo? _info;

    /// <inheritdoc />
    public Task ConnectAsync(SessionInfo info)
    {
        _info = info;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task SubscribedAsync(string channel)
    {
        _channels.Add(channel);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task UnsubscribedAsync(string channel)
    {
        _channels.Remove(channel);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task DisconnectAsync()
    {
        _info = null;
        _channels.Clear();
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<SessionSnapshot> GetAsync() => Task.FromResult(new SessionSnapshot(_info, [.. _channels]));
}
