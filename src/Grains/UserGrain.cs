using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Realtime.Grains.State;
using Realtime.Grains.Webhooks;

namespace Realtime.Grains;

/// <summary>
/// A user's live connections on every edge: the per-user connection limit, user presence
/// (<c>$users:&lt;id&gt;</c>) and the server API's per-user actions. In memory only: if the grain is lost
/// with its silo, it knows only the connections made after, which can let a user in, never lock one out.
/// </summary>
public sealed class UserGrain(IOptions<WebhookOptions> webhooks, IOptions<ChannelOptions> channels, TimeProvider time, ILogger<UserGrain> logger) : Grain, IUserGrain
{
    private readonly PresenceSet _connections = new();

    // Edge tag -> when the registry first did not know it. The registry itself lives in memory and can be
    // re-created while the cluster's membership changes; its edges register again within a second, so one
    // miss must not make this grain forget live connections (and let a user past its connection limit).
    private readonly Dictionary<string, DateTimeOffset> _missingSince = new(StringComparer.Ordinal);
    private WebhookOutbox? _outbox;

    private WebhookOutbox Outbox => _outbox ??= new WebhookOutbox(GrainFactory, webhooks.Value, logger);

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Keeps the grain (and so the user's connections) alive while it has any: nothing else calls it
        // during a long connection. Each tick also forgets connections of crashed edges.
        var period = channels.Value.EdgeLease;
        this.RegisterGrainTimer(PruneAsync, new GrainTimerCreationOptions(period, period) { KeepAlive = true });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<bool> TryAddConnectionAsync(PresenceMember connection, int max)
    {
        if (max > 0 && _connections.Count >= max && !_connections.Contains(connection.ClientId))
        {
            await ForgetDeadEdgesAsync();
            if (_connections.Count >= max)
            {
                return false;
            }
        }

        var first = _connections.Count == 0;
        if (_connections.Join(connection, time.GetUtcNow()) && first)
        {
            Announce(WebhookEventNames.UserConnected);
        }

        return true;
    }

    /// <inheritdoc />
    public Task RemoveConnectionAsync(string clientId)
    {
        if (_connections.Leave(clientId) is not null && _connections.Count == 0)
        {
            Announce(WebhookEventNames.UserDisconnected);
            DeactivateWhenIdle();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<string[]> GetConnectionsAsync()
    {
        await ForgetDeadEdgesAsync();
        return _connections.ClientIds();
    }

    /// <inheritdoc />
    public async Task<PresencePage> GetPresenceAsync(string? after, int limit)
    {
        await ForgetDeadEdgesAsync();
        return _connections.Page(after, Math.Max(0, limit));
    }

    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        await ForgetDeadEdgesAsync();
        if (_connections.Count == 0)
        {
            DeactivateWhenIdle();
        }
    }

    // Not while webhook events are on their way: the next timer tick tries again.
    private void DeactivateWhenIdle()
    {
        if (_outbox is not { Busy: true })
        {
            DeactivateOnIdle();
        }
    }

    // A crashed edge never removed its connections; its registration lapses with its lease. An edge counts as
    // gone once the registry has not known it for a whole lease, so a registry re-created meanwhile (which
    // the edge fills again within a second) forgets nobody.
    private async Task ForgetDeadEdgesAsync()
    {
        if (_connections.Count == 0)
        {
            _missingSince.Clear();
            return;
        }

        var registry = GrainFactory.GetGrain<IEdgeRegistryGrain>(ClientIds.RegistryKey);
        var now = time.GetUtcNow();
        HashSet<string>? dead = null;
        foreach (var tag in _connections.ClientIds().Select(ClientIds.EdgeTag).Distinct(StringComparer.Ordinal))
        {
            var key = tag ?? string.Empty;
            if (tag is not null && await registry.FindAsync(tag) is not null)
            {
                _missingSince.Remove(key);
            }
            else if (tag is null || (_missingSince.TryGetValue(key, out var since) && now - since >= channels.Value.EdgeLease))
            {
                (dead ??= new(StringComparer.Ordinal)).Add(key);
                _missingSince.Remove(key);
            }
            else
            {
                _missingSince.TryAdd(key, now);
            }
        }

        if (dead is not null && _connections.LeaveWhere(m => dead.Contains(ClientIds.EdgeTag(m.ClientId) ?? string.Empty)).Count > 0 && _connections.Count == 0)
        {
            Announce(WebhookEventNames.UserDisconnected);
        }
    }

    private void Announce(string name)
    {
        if (Outbox.Sends(name))
        {
            var user = this.GetPrimaryKeyString();
            Outbox.Add(name, user, time.GetUtcNow(), WebhookData.User(user));
        }
    }
}
