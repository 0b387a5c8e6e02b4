namespace Realtime.Edge.Protocol;

/// <summary>A request the server answers with <c>error</c>: its code and message.</summary>
internal sealed class ProtocolError(int code, string message) : Exception(message)
{
    public int Code { get; } = code;
}
