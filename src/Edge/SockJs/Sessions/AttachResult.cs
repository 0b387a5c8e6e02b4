namespace Realtime.Edge.SockJs.Sessions;

/// <summary>What happened when a receiving request tried to attach to a session.</summary>
internal enum AttachResult
{
    /// <summary>The request is now the session's receiver.</summary>
    Attached,

    /// <summary>Another receiver is attached; answer <c>c[2010,...]</c>.</summary>
    Busy,

    /// <summary>The session closed for good in the meantime; look it up again.</summary>
    Gone,

    /// <summary>The session belongs to another client (<see cref="Security.SessionBinding"/>).</summary>
    Refused,
}
