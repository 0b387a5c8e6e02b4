namespace Realtime.Client.SockJs;

/// <summary>The server sent a frame that breaks the SockJS protocol; the connection is closed with <see cref="SockJsCloseStatus.ProtocolError"/>.</summary>
public sealed class SockJsProtocolException : SockJsException
{
    /// <summary>Creates the exception.</summary>
    public SockJsProtocolException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SockJsProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public SockJsProtocolException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
