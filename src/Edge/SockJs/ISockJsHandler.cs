namespace Realtime.Edge.SockJs;

/// <summary>
/// The application side of a SockJS service: told when a session opens, receives each message, and
/// is told once when the session closes.
/// </summary>
public interface ISockJsHandler
{
    /// <summary>Called once, after the open frame was written to the client.</summary>
    ValueTask OnOpenAsync(ISockJsConnection connection);

    /// <summary>Called for each message, in order; the next is not delivered until this one completes.</summary>
    ValueTask OnMessageAsync(ISockJsConnection connection, string message);

    /// <summary>Called exactly once when the session is closed, for any reason.</summary>
    void OnClosed(ISockJsConnection connection);
}
