namespace Realtime.Bench.LoadGen;

/// <summary>What one received WebSocket text frame was.</summary>
public enum FrameKind
{
    /// <summary>SockJS open frame <c>o</c>.</summary>
    Open,

    /// <summary>SockJS heartbeat <c>h</c>.</summary>
    Heartbeat,

    /// <summary>One or more application messages.</summary>
    Messages,

    /// <summary>SockJS close frame <c>c[code,"reason"]</c>.</summary>
    Close,

    /// <summary>Anything else (counted, ignored).</summary>
    Unknown,
}
