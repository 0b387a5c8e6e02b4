namespace Realtime.Grains;

/// <summary>
/// One client connection, keyed by its client id: who it is, which edge serves it and what it is
/// subscribed to. The edge keeps it current; presence and server-side disconnects build on it.
/// </summary>
[Alias("realtime.session")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>Records the connection's identity and edge.</summary>
    [Alias("connect")]
    Task ConnectAsync(SessionInfo info);

    /// <summary>Records a subscription.</summary>
    [Alias("subscribed")]
    Task SubscribedAsync(string channel);

    /// <summary>Forgets a subscription.</summary>
    [Alias("unsubscribed")]
    Task UnsubscribedAsync(string channel);

    /// <summary>The connection ended; the grain deactivates.</summary>
    [Alias("disconnect")]
    Task DisconnectAsync();

    /// <summary>What the grain knows, for the server API and tests.</summary>
    [Alias("get")]
    Task<SessionSnapshot> GetAsync();
}
