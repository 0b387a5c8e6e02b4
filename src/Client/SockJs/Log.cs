using Microsoft.Extensions.Logging;

namespace Realtime.Client.SockJs;

/// <summary>Log messages of the SockJS layer.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "SockJS {Transport} to {Url} did not open: {Reason}")]
    public static partial void TransportFailed(ILogger logger, string transport, string url, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "SockJS session {Url} open over {Transport}")]
    public static partial void Opened(ILogger logger, string url, string transport);

    [LoggerMessage(Level = LogLevel.Debug, Message = "SockJS session {Url} closed: {Code} {Reason}")]
    public static partial void Closed(ILogger logger, string url, int code, string reason, Exception? error);
}
