namespace Realtime.Bench.LoadGen;

/// <summary>How application messages are carried in WebSocket text frames.</summary>
public enum Framing
{
    /// <summary>SockJS websocket transport: <c>["msg"]</c> out, <c>o</c>/<c>h</c>/<c>a[...]</c>/<c>c[...]</c> in.</summary>
    SockJs,

    /// <summary>One plain text frame per message, both ways.</summary>
    Raw,
}
