namespace Realtime.Client.SockJs.Transports;

/// <summary>Where a transport hands what it receives: the connection that owns it.</summary>
internal interface ITransportSink
{
    /// <summary>One frame, in order; returns false when the transport should stop receiving (the session closed).</summary>
    bool OnFrame(ReadOnlySpan<byte> frame);

    /// <summary>Sending failed: the connection is broken even if receiving still works.</summary>
    void OnSendFailed(Exception error);
}
