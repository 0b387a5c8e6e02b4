namespace Realtime.Client.SockJs.Framing;

/// <summary>The four SockJS frames a server sends.</summary>
internal enum FrameKind
{
    /// <summary><c>o</c>: the session is open.</summary>
    Open,

    /// <summary><c>h</c> (or the xhr_streaming prelude of many <c>h</c>): nothing but a sign of life.</summary>
    Heartbeat,

    /// <summary><c>a[...]</c>: a JSON array of messages.</summary>
    Messages,

    /// <summary><c>c[code,"reason"]</c>: the session is closed.</summary>
    Close,
}
