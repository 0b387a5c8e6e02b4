using Realtime.Client.SockJs;

namespace Realtime.LoadTest.Wire;

/// <summary>An HTTP-transport session (xhr_streaming or xhr polling) through the .NET client's SockJS layer.</summary>
internal sealed class SockJsWire(SockJsConnection connection) : IRealtimeWire
{
    public string Transport => connection.Transport == SockJsTransports.XhrPolling ? "xhr" : "xhr_streaming";

    public Task Closed => connection.Closed;

    /// <summary>Opens a session forced onto <paramref name="transport"/>, sharing <paramref name="http"/>'s socket pool.</summary>
    public static async Task<IRealtimeWire> OpenAsync(string url, SockJsTransports transport, HttpClient http, MessageHandler onMessage, CancellationToken cancellationToken)
    {
        var options = new SockJsConnectionOptions { Transports = transport, HttpClient = http };
        return new SockJsWire(await SockJsConnection.OpenAsync(new Uri(url), m => onMessage(m), options, cancellationToken: cancellationToken));
    }

    public ValueTask SendAsync(string message, CancellationToken cancellationToken) => connection.SendAsync(message, cancellationToken);

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
