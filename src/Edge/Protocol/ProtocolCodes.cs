namespace Realtime.Edge.Protocol;

/// <summary>Error and close codes of the client protocol (the contract in CLIENT-PROTOCOL.md).</summary>
internal static class ProtocolCodes
{
    public const int BadRequest = 400;
    public const int Unauthorized = 401;
    public const int Forbidden = 403;
    public const int NotFound = 404;
    public const int Conflict = 409;
    public const int TooLarge = 413;
    public const int RateLimited = 429;
    public const int Internal = 500;

    /// <summary>Close: the server is shutting down; reconnect elsewhere.</summary>
    public const int Shutdown = 3000;

    /// <summary>Close: the connection token expired without a refresh.</summary>
    public const int TokenExpired = 3001;

    /// <summary>Close: kicked by the server API.</summary>
    public const int Kicked = 3002;

    /// <summary>Close: the client broke the protocol.</summary>
    public const int ProtocolViolation = 3004;

    /// <summary>Close: the user has too many connections.</summary>
    public const int TooManyConnections = 3005;
}
