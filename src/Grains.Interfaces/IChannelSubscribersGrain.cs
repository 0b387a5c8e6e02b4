namespace Realtime.Grains;

/// <summary>
/// The clients subscribed to one channel across the cluster, keyed by the channel name; kept only for
/// namespaces with a subscriber limit, so the limit holds on every edge.
/// </summary>
[Alias("realtime.channel-subscribers")]
public interface IChannelSubscribersGrain : IGrainWithStringKey
{
    /// <summary>Adds a subscriber unless the channel already has <paramref name="max"/>; subscribers on crashed edges do not count.</summary>
    [Alias("add")]
    Task<bool> TryAddAsync(string clientId, int max);

    /// <summary>Removes a subscriber. Idempotent.</summary>
    [Alias("remove")]
    Task RemoveAsync(string clientId);
}
