namespace Realtime.Client.SockJs;

/// <summary>
/// Receives one SockJS message, UTF-8 encoded, already unescaped from its frame. The span is valid only during
/// the call: the connection reuses its buffer for the next message. Messages arrive one at a time, in order.
/// </summary>
/// <param name="message">The message's UTF-8 bytes.</param>
public delegate void SockJsMessageHandler(ReadOnlySpan<byte> message);
