namespace Realtime.TestKit;

/// <summary>
/// What one receive on a <see cref="RawWebSocket"/> produced: a text (or binary) message, the
/// server's close frame, or the connection dropping without a close frame.
/// </summary>
/// <param name="Text">The message text (binary messages decoded as UTF-8); null for close and abort.</param>
/// <param name="IsBinary">Whether the message was a binary message.</param>
/// <param name="IsClose">Whether the server sent a close frame.</param>
/// <param name="CloseCode">Close code of the close frame, if it had one.</param>
/// <param name="CloseReason">Close reason of the close frame.</param>
/// <param name="IsAborted">Whether the connection ended without a close frame.</param>
public sealed record RawWebSocketMessage(
    string? Text,
    bool IsBinary = false,
    bool IsClose = false,
    int? CloseCode = null,
    string? CloseReason = null,
    bool IsAborted = false)
{
    /// <summary>True for a close frame or a dropped connection: either way the socket is finished.</summary>
    public bool IsEnd => IsClose || IsAborted;

    /// <inheritdoc />
    public override string ToString() =>
        IsClose ? $"close frame {CloseCode} \"{CloseReason}\""
        : IsAborted ? "connection dropped without a close frame"
        : $"{(IsBinary ? "binary" : "text")} message \"{(Text!.Length > 200 ? Text[..200] + "..." : Text)}\"";
}
