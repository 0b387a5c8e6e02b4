namespace Realtime.Client;

/// <summary>The connection ended: why, and whether the client will reconnect by itself.</summary>
public sealed class DisconnectedEventArgs(int code, string reason, bool reconnecting, Exception? error) : EventArgs
{
    /// <summary>The close code: the server's (3000 shutdown, 3001 token expired, 3003 slow consumer, ...) or the SockJS layer's (1002, 1006).</summary>
    public int Code { get; } = code;

    /// <summary>The server's reason, or what failed.</summary>
    public string Reason { get; } = reason;

    /// <summary>Whether the client is reconnecting (with backoff) and will resume its subscriptions.</summary>
    public bool Reconnecting { get; } = reconnecting;

    /// <summary>What failed, when the connection did not end with the server's close frame.</summary>
    public Exception? Error { get; } = error;
}
