namespace Realtime.LoadTest.Wire;

/// <summary>The tool's own lean WebSocket client (<see cref="LoadConnection"/>) as a realtime wire.</summary>
internal sealed class WebSocketWire : IRealtimeWire
{
    private readonly LoadConnection _connection;
    private readonly CancellationTokenSource _stop = new();

    private WebSocketWire(LoadConnection connection, MessageHandler onMessage)
    {
        _connection = connection;
        Closed = Task.Run(() => connection.ReceiveLoopAsync(onMessage, _stop.Token));
    }

    public string Transport => "websocket";

    public Task Closed { get; }

    public static async Task<IRealtimeWire> OpenAsync(string url, MessageHandler onMessage, CancellationToken cancellationToken) =>
        new WebSocketWire(await LoadConnection.OpenAsync(url, sockJs: true, cancellationToken), onMessage);

    public ValueTask SendAsync(string message, CancellationToken cancellationToken) => new(_connection.SendAsync(message, cancellationToken));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Closed;
        await _connection.DisposeAsync();
        _stop.Dispose();
    }
}
