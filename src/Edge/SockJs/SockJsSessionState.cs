namespace Realtime.Edge.SockJs;

/// <summary>Lifecycle of a SockJS session, named as in the protocol.</summary>
public enum SockJsSessionState
{
    /// <summary>Created; the open frame has not been written yet.</summary>
    Connecting,

    /// <summary>Open: messages flow both ways.</summary>
    Open,

    /// <summary>Closed by the application; the close frame is still served to receivers.</summary>
    Closing,

    /// <summary>Gone.</summary>
    Closed,
}
