namespace Realtime.Client;

/// <summary>Where a <see cref="RealtimeClient"/> is in its life.</summary>
public enum RealtimeClientState
{
    /// <summary>Not connected: before <see cref="RealtimeClient.ConnectAsync"/>, or after a disconnect that will not be retried.</summary>
    Disconnected,

    /// <summary><see cref="RealtimeClient.ConnectAsync"/> is opening the session and sending <c>connect</c>.</summary>
    Connecting,

    /// <summary>Connected: requests go out at once.</summary>
    Connected,

    /// <summary>The connection dropped and the client is connecting again with backoff; requests wait for it.</summary>
    Reconnecting,

    /// <summary>Disposed; nothing more happens.</summary>
    Closed,
}
