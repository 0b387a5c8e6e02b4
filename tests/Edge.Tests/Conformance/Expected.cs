namespace Realtime.Edge.Tests.Conformance;

/// <summary>
/// One thing a case expects from the server, in order: a text message (<see cref="Kind"/> "text"), a pong, the
/// close handshake with a code ("close"), or the connection failed ("fail": a close frame with the code, or the
/// TCP connection dropped, which RFC 6455 §7.1.7 equally allows).
/// </summary>
internal sealed record Expected(string Kind, byte[] Payload, int Code = 0)
{
    public static Expected Text(byte[] payload) => new("text", payload);

    public static Expected Pong(byte[] payload) => new("pong", payload);

    public static Expected Closed(int code) => new("close", [], code);

    public static Expected Failed(int code) => new("fail", [], code);

    public bool Ends => Kind is "close" or "fail";

    public override string ToString() => Kind is "text" or "pong" ? $"{Kind} ({Payload.Length} bytes)" : $"{Kind} {Code}";
}
