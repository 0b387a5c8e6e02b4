namespace Realtime.Client.SockJs;

/// <summary>A SockJS connection could not be opened, or broke: the message says which step failed and why.</summary>
public class SockJsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SockJsException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SockJsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public SockJsException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
