namespace Realtime.Client;

/// <summary>The server sent a message that is not the client protocol (not a JSON object); the connection is closed and not retried.</summary>
public sealed class RealtimeProtocolException : RealtimeException
{
    /// <summary>Creates the exception.</summary>
    public RealtimeProtocolException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RealtimeProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public RealtimeProtocolException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
