namespace Realtime.Client;

/// <summary>
/// The server answered a request with an error (<see cref="Code"/> 400–500, as in <c>docs/protocol.md</c>), or the
/// connection closed before the reply came (<see cref="Code"/> is then the close code, 1000 and up).
/// </summary>
public class RealtimeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RealtimeException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RealtimeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public RealtimeException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for an error code.</summary>
    public RealtimeException(int code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>The error or close code.</summary>
    public int Code { get; }
}
