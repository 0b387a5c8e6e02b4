namespace Realtime.Edge.SockJs.Sessions;

/// <summary>A receiving request attached to an HTTP session.</summary>
internal interface IReceiver
{
    /// <summary>Wakes the receiver because it has something to write. Never blocks.</summary>
    void Wake();

    /// <summary>Set by the heartbeat timer; cleared when the <c>h</c> frame is taken.</summary>
    bool HeartbeatDue { get; set; }
}
