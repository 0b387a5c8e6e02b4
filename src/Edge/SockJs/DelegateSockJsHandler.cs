namespace Realtime.Edge.SockJs;

/// <summary>An <see cref="ISockJsHandler"/> made of delegates, for small services.</summary>
public sealed class DelegateSockJsHandler(
    Func<ISockJsConnection, ValueTask>? onOpen,
    Func<ISockJsConnection, string, ValueTask> onMessage,
    Action<ISockJsConnection>? onClosed) : ISockJsHandler
{
    /// <inheritdoc />
    public ValueTask OnOpenAsync(ISockJsConnection connection) => onOpen?.Invoke(connection) ?? ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask OnMessageAsync(ISockJsConnection connection, string message) => onMessage(connection, message);

    /// <inheritdoc />
    public void OnClosed(ISockJsConnection connection) => onClosed?.Invoke(connection);
}
