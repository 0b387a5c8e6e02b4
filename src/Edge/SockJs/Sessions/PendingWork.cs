namespace Realtime.Edge.SockJs.Sessions;

/// <summary>The next thing a receiver must write, in protocol order.</summary>
internal enum PendingWork
{
    /// <summary>Nothing yet: wait to be woken.</summary>
    None,

    /// <summary>The open frame <c>o</c>.</summary>
    Open,

    /// <summary>Buffered messages as one <c>a[...]</c> frame.</summary>
    Messages,

    /// <summary>The close frame; the response then ends.</summary>
    Close,

    /// <summary>A heartbeat <c>h</c>.</summary>
    Heartbeat,
}
