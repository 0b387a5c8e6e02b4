using Microsoft.Extensions.Options;
using Realtime.Grains.State;

namespace Realtime.Grains;

/// <summary>Counts a limited channel's subscribers across edges. In memory only, like <see cref="UserGrain"/>.</summary>
public sealed class ChannelSubscribersGrain(IOptions<ChannelOptions> channels) : Grain, IChannelSubscribersGrain
{
    private readonly ClientSet _subscribers = new();

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Keeps the count alive while there are subscribers (nothing else calls the grain during a long
        // subscription), and frees the places of crashed edges' subscribers.
        var period = channels.Value.EdgeLease;
        this.RegisterGrainTimer(PruneAsync, new GrainTimerCreationOptions(period, period) { KeepAlive = true });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> TryAddAsync(string clientId, int max) => _subscribers.TryAddAsync(clientId, max, GrainFactory);

    /// <inheritdoc />
    public Task RemoveAsync(string clientId)
    {
        if (_subscribers.Remove(clientId) && _subscribers.Count == 0)
        {
            DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }

    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        await _subscribers.ForgetDeadEdgesAsync(GrainFactory);
        if (_subscribers.Count == 0)
        {
            DeactivateOnIdle();
        }
    }
}
