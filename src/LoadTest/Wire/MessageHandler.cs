namespace Realtime.LoadTest.Wire;

/// <summary>Receives one application message as UTF-8, unescaped; the span is only valid during the call.</summary>
internal delegate void MessageHandler(ReadOnlySpan<byte> message);
