using Realtime.Grains.State;

namespace Realtime.Grains;

/// <summary>Counts a limited channel's subscribers across edges. In memory only, like <see cref="UserGrain"/>.</summary>
public sealed class ChannelSubscribersGrain : Grain, IChannelSubscribersGrain
{
    private readonly ClientSet _subscribers = new();

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
}
