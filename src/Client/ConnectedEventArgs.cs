using Realtime.Client.SockJs;

namespace Realtime.Client;

/// <summary>The client is connected: the first time, or again after a drop.</summary>
public sealed class ConnectedEventArgs(string clientId, string user, SockJsTransports transport, bool reconnected) : EventArgs
{
    /// <summary>This connection's client id.</summary>
    public string ClientId { get; } = clientId;

    /// <summary>The token's <c>sub</c>, or empty.</summary>
    public string User { get; } = user;

    /// <summary>The SockJS transport in use.</summary>
    public SockJsTransports Transport { get; } = transport;

    /// <summary>Whether this is an automatic reconnect (subscriptions are being resumed).</summary>
    public bool Reconnected { get; } = reconnected;
}
