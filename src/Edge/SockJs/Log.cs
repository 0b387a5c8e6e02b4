using System.Net;
using Microsoft.Extensions.Logging;

namespace Realtime.Edge.SockJs;

/// <summary>Source-generated log messages of the SockJS layer.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "SockJS session {SessionId} opened on {Transport}")]
    public static partial void SessionOpened(ILogger logger, string sessionId, string transport);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "SockJS session {SessionId} closed")]
    public static partial void SessionClosed(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "SockJS handler {Method} failed for session {SessionId}")]
    public static partial void HandlerFailed(ILogger logger, string sessionId, string method, Exception exception);

    [LoggerMessage(EventId = 103, Level = LogLevel.Debug, Message = "WebSocket handshake refused: {Reason}")]
    public static partial void HandshakeRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 104, Level = LogLevel.Debug, Message = "WebSocket session {SessionId} ended: {Reason}")]
    public static partial void WebSocketEnded(ILogger logger, string sessionId, string reason);

    [LoggerMessage(EventId = 105, Level = LogLevel.Information, Message = "SockJS session {SessionId} closed as a slow consumer with {QueuedBytes} bytes queued")]
    public static partial void SlowConsumer(ILogger logger, string sessionId, int queuedBytes);

    [LoggerMessage(EventId = 106, Level = LogLevel.Debug, Message = "Rejected oversized message ({Bytes} bytes) on session {SessionId}")]
    public static partial void MessageTooBig(ILogger logger, string sessionId, long bytes);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "Refused {Route} request from origin {Origin} (client {Address}): not an allowed origin")]
    public static partial void OriginRefused(ILogger logger, string origin, string route, IPAddress? address);

    [LoggerMessage(EventId = 108, Level = LogLevel.Warning, Message = "Refused {Transport} request for SockJS session {SessionId} from {Address}: {Reason}")]
    public static partial void SessionRequestRefused(ILogger logger, string transport, string sessionId, IPAddress? address, string reason);

    [LoggerMessage(EventId = 109, Level = LogLevel.Warning, Message = "Client {Address} spent its budget of {Budget} requests to unknown or foreign sessions per {Window}; its session requests get 429 for now")]
    public static partial void ProbeBudgetSpent(ILogger logger, IPAddress? address, int budget, TimeSpan window);

    [LoggerMessage(EventId = 111, Level = LogLevel.Debug, Message = "Refused a session for {Address}: it has {Max} open")]
    public static partial void TooManySessions(ILogger logger, IPAddress? address, int max);

    [LoggerMessage(EventId = 110, Level = LogLevel.Debug, Message = "Refused a session id shorter than {MinLength} characters")]
    public static partial void SessionIdTooShort(ILogger logger, int minLength);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "Refused a WebSocket handshake: the edge holds its maximum of {Max} WebSocket connections")]
    public static partial void TooManyWebSockets(ILogger logger, int max);

    [LoggerMessage(EventId = 113, Level = LogLevel.Information, Message = "SockJS session {SessionId} from {Address} closed: over {PerSecond} frames per second")]
    public static partial void TooManyFrames(ILogger logger, string sessionId, IPAddress? address, int perSecond);
}
