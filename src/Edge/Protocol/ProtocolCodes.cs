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

    /// <summary>Close: the client broke the protocol.</summary>
    public const int ProtocolViolation = 3004;
}
