using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Realtime.Edge.SockJs.Handshakes;

/// <summary>
/// RFC 6455 (version 13) and the hybi-07/08 drafts (versions 7 and 8, which share its framing and
/// send <c>Sec-WebSocket-Origin</c> instead of <c>Origin</c>). The handshake is ours so that the
/// drafts the stock middleware refuses are accepted; the framing is the runtime's.
/// </summary>
internal static class HybiHandshake
{
    public const string UnsupportedVersion = "Unsupported WebSocket version: 13, 8 and 7 are spoken.";
    private const string Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    public static async Task<(WebSocket? Socket, string? Error)> AcceptAsync(HttpContext context, IHttpUpgradeFeature upgrade)
    {
        var headers = context.Request.Headers;
        var version = headers.SecWebSocketVersion.ToString().Trim();
        if (version is not ("13" or "8" or "7"))
        {
            context.Response.Headers.SecWebSocketVersion = "13, 8, 7";
            return (null, UnsupportedVersion);
        }

        var key = headers.SecWebSocketKey.ToString().Trim();
        Span<byte> decoded = stackalloc byte[24];
        if (!Convert.TryFromBase64String(key, decoded, out var length) || length != 16)
        {
            return (null, "Missing or invalid Sec-WebSocket-Key.");
        }

        var response = context.Response;
        response.Headers.Upgrade = "websocket";
        response.Headers.SecWebSocketAccept = AcceptKey(key);
        var stream = await upgrade.UpgradeAsync();
        var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
        {
            IsServer = true,

            // SockJS heartbeats are `h` frames; the runtime's unsolicited pongs would only add a timer.
            KeepAliveInterval = TimeSpan.Zero,
        });
        return (socket, null);
    }

    /// <summary><c>base64(SHA-1(key + GUID))</c> as RFC 6455 §4.2.2 defines it.</summary>
    public static string AcceptKey(string key) =>
        Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + Guid)));
}
