using Microsoft.Extensions.Logging;

namespace Realtime.Client;

/// <summary>Log messages of <see cref="RealtimeClient"/>.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to {Url} over {Transport} as client {ClientId}")]
    public static partial void Connected(ILogger logger, Uri url, string transport, string clientId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Disconnected: {Code} {Reason}; reconnecting: {Reconnecting}")]
    public static partial void Disconnected(ILogger logger, int code, string reason, bool reconnecting, Exception? error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reconnect attempt {Attempt} in {Delay}")]
    public static partial void ReconnectScheduled(ILogger logger, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconnect attempt {Attempt} failed")]
    public static partial void ReconnectFailed(ILogger logger, int attempt, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token refresh failed; the server closes the connection when the token expires")]
    public static partial void RefreshFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The server asked for a token refresh but no TokenProvider is set")]
    public static partial void RefreshWithoutProvider(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Resubscribing to {Channel} failed")]
    public static partial void ResubscribeFailed(ILogger logger, string channel, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An event handler of the realtime client threw")]
    public static partial void HandlerFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The server answered a request it could not read: {Message}")]
    public static partial void UnreadableRequest(ILogger logger, string message);
}
