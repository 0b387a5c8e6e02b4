namespace Realtime.Client.SockJs;

/// <summary>Why a SockJS connection ended.</summary>
/// <param name="Code">
/// The server's close frame code (<c>c[code,"reason"]</c>), or one of the client's own:
/// <see cref="ClosedByClient"/>, <see cref="ProtocolError"/>, <see cref="ConnectionLost"/>.
/// </param>
/// <param name="Reason">The close frame's reason, or the client's explanation.</param>
/// <param name="Error">What failed, when the connection did not end with a close frame.</param>
public sealed record SockJsCloseStatus(int Code, string Reason, Exception? Error = null)
{
    /// <summary>The application closed the connection.</summary>
    public const int ClosedByClient = 1000;

    /// <summary>The server sent something that is not a SockJS frame; <see cref="Error"/> is a <see cref="SockJsProtocolException"/>.</summary>
    public const int ProtocolError = 1002;

    /// <summary>The transport failed: the socket or a request broke, or no frame arrived within the heartbeat timeout.</summary>
    public const int ConnectionLost = 1006;

    /// <summary>Whether the server ended the session with a close frame.</summary>
    public bool ByServer => Error is null && Code != ClosedByClient;
}
