using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace Realtime.TestKit;

/// <summary>
/// An RFC 6455 client whose opening handshake is written by hand over a
/// <see cref="RawHttpConnection"/> (any headers, any version, any casing), after which frames are
/// handled by <see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/>. Every
/// receive has a deadline whose failure names what was awaited.
/// </summary>
public sealed class RawWebSocket : IAsyncDisposable
{
    /// <summary>The GUID RFC 6455 appends to the key before hashing.</summary>
    public const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private readonly RawHttpConnection _connection;

    private RawWebSocket(RawHttpConnection connection, RawHttpResponse handshake, WebSocket socket)
    {
        _connection = connection;
        Handshake = handshake;
        Socket = socket;
    }

    /// <summary>The server's 101 response head.</summary>
    public RawHttpResponse Handshake { get; }

    /// <summary>The framed socket.</summary>
    public WebSocket Socket { get; }

    /// <summary>Deadline of each receive.</summary>
    public TimeSpan Timeout { get; set; } = RawHttpConnection.DefaultTimeout;

    /// <summary>The <c>Sec-WebSocket-Accept</c> value a server must answer to <paramref name="key"/>.</summary>
    public static string ComputeAccept(string key) =>
        Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + AcceptGuid)));

    /// <summary>A fresh random 16-byte key, base64.</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    /// <summary>The headers of a plain handshake: <c>Upgrade: websocket</c>, <c>Connection: Upgrade</c>, the key and the version.</summary>
    public static List<(string Name, string Value)> HandshakeHeaders(string? key = null, string version = "13") =>
    [
        ("Upgrade", "websocket"),
        ("Connection", "Upgrade"),
        ("Sec-WebSocket-Key", key ?? NewKey()),
        ("Sec-WebSocket-Version", version),
    ];

    /// <summary>
    /// Connects to <paramref name="url"/> (http:// or ws://), sends GET with
    /// <paramref name="headers"/> (default <see cref="HandshakeHeaders"/>), and requires a 101 with
    /// the right <c>Sec-WebSocket-Accept</c>; otherwise throws with the server's answer.
    /// </summary>
    public static async Task<RawWebSocket> ConnectAsync(
        string url,
        IEnumerable<(string Name, string Value)>? headers = null,
        TimeSpan? timeout = null,
        IPAddress? localAddress = null)
    {
        var list = headers?.ToList() ?? HandshakeHeaders();
        var connection = await RawHttpConnection.ConnectAsync(url, timeout, localAddress);
        try
        {
            var target = RawUrl.Parse(url).Target;
            var head = await connection.RequestHeadAsync("GET", target, list);
            if (head.StatusCode != 101)
            {
                await connection.ReadBodyAsync(head, $"body of the refused handshake on {target}");
                throw new InvalidOperationException($"WebSocket handshake on {target} refused:\n{head.Describe()}");
            }

            var key = list.FirstOrDefault(h => h.Name.Equals("Sec-WebSocket-Key", StringComparison.OrdinalIgnoreCase)).Value;
            if (key is not null && head["Sec-WebSocket-Accept"] != ComputeAccept(key))
            {
                throw new InvalidOperationException($"Wrong Sec-WebSocket-Accept for key {key}:\n{head.Describe()}");
            }

            return Wrap(connection, head);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs RFC 6455 framing over a connection whose handshake (101) was already read.</summary>
    public static RawWebSocket Wrap(RawHttpConnection connection, RawHttpResponse handshake)
    {
        var socket = WebSocket.CreateFromStream(
            connection.DetachStream(),
            new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });
        return new RawWebSocket(connection, handshake, socket) { Timeout = connection.Timeout };
    }

    /// <summary>Sends one text message (possibly empty).</summary>
    public async Task SendTextAsync(string text)
    {
        using var cts = new CancellationTokenSource(Timeout);
        await Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cts.Token);
    }

    /// <summary>Receives one whole message, the close frame, or the end of the connection.</summary>
    public async Task<RawWebSocketMessage> ReceiveAsync(string what)
    {
        if (Socket.State is WebSocketState.Closed or WebSocketState.CloseReceived or WebSocketState.Aborted)
        {
            return Socket.CloseStatus is { } status
                ? new RawWebSocketMessage(null, IsClose: true, CloseCode: (int)status, CloseReason: Socket.CloseStatusDescription)
                : new RawWebSocketMessage(null, IsAborted: true);
        }

        using var cts = new CancellationTokenSource(Timeout);
        using var message = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                var result = await Socket.ReceiveAsync(buffer, cts.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return new RawWebSocketMessage(
                        null,
                        IsClose: true,
                        CloseCode: result.CloseStatus is { } code ? (int)code : null,
                        CloseReason: result.CloseStatusDescription);
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    return new RawWebSocketMessage(
                        Encoding.UTF8.GetString(message.ToArray()),
                        IsBinary: result.MessageType == WebSocketMessageType.Binary);
                }
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"Timed out after {Timeout.TotalSeconds:0.#} s waiting for: {what}");
        }
        catch (WebSocketException)
        {
            return new RawWebSocketMessage(null, IsAborted: true);
        }
        catch (IOException)
        {
            return new RawWebSocketMessage(null, IsAborted: true);
        }
    }

    /// <summary>Receives one message and requires it to be text; throws describing what came instead.</summary>
    public async Task<string> ReceiveTextAsync(string what)
    {
        var message = await ReceiveAsync(what);
        if (message.Text is null || message.IsBinary)
        {
            throw new InvalidOperationException($"Expected a text message ({what}) but got {message}");
        }

        return message.Text;
    }

    /// <summary>Starts or completes the close handshake, ignoring a peer that already went away.</summary>
    public async Task CloseAsync(WebSocketCloseStatus status = WebSocketCloseStatus.NormalClosure, string? reason = null)
    {
        if (Socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await Socket.CloseOutputAsync(status, reason, cts.Token);
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException)
        {
            // The peer is gone or slow; disposing drops the connection either way.
        }
    }

    /// <summary>Drops the TCP connection.</summary>
    public ValueTask DisposeAsync()
    {
        Socket.Dispose();
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }
}
