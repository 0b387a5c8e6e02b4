using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.Features;
using Realtime.Edge.SockJs.Endpoints;
using Realtime.Edge.SockJs.Security;

namespace Realtime.Edge.SockJs.Handshakes;

/// <summary>
/// Checks a WebSocket upgrade request and accepts it with the handshake its client speaks:
/// RFC 6455 and the hybi-07/08 drafts, or (SockJS endpoint only) hixie-76 and hixie-75. Header
/// values compare case-insensitively, as real clients and proxies differ. A refused handshake gets
/// 400 with a reason, never a 500 or a hang.
/// </summary>
internal static class WebSocketHandshake
{
    private const string OnlyRfc6455 = "Only supported WebSocket protocol is RFC 6455.";

    /// <summary>
    /// Accepts the upgrade, with the session's place in its address's and the edge's counts (dispose it when the
    /// session ends); null when refused (the 400, 403, 429 or 503 is already written).
    /// </summary>
    public static async Task<(WebSocket Socket, WebSocketSlots Slot)?> AcceptAsync(HttpContext context, SockJsService service, bool rawEndpoint)
    {
        var slot = default(WebSocketSlots);
        try
        {
            var socket = await AcceptSocketAsync(context, service, rawEndpoint, s => slot = s);
            if (socket is not null)
            {
                var accepted = (socket, slot!);
                slot = null;
                return accepted;
            }

            return null;
        }
        finally
        {
            slot?.Dispose();
        }
    }

    private static async Task<WebSocket?> AcceptSocketAsync(HttpContext context, SockJsService service, bool rawEndpoint, Action<WebSocketSlots> took)
    {
        var headers = context.Request.Headers;
        if (!string.Equals(headers.Upgrade.ToString().Trim(), "websocket", StringComparison.OrdinalIgnoreCase))
        {
            return await RefuseAsync(context, service, "Can \"Upgrade\" only to \"WebSocket\".");
        }

        if (!HasToken(headers.Connection.ToString(), "upgrade"))
        {
            return await RefuseAsync(context, service, "\"Connection\" must be \"Upgrade\".");
        }

        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        if (upgrade is null || !upgrade.IsUpgradableRequest)
        {
            return await RefuseAsync(context, service, "Not a valid websocket request");
        }

        // Cross-site WebSocket hijacking: a page elsewhere must not open a socket with the user's cookies.
        if (service.Guard.RefuseOrigin(context, rawEndpoint ? "raw websocket" : "websocket", webSocket: true, out var refused))
        {
            await refused;
            return null;
        }

        var slot = service.Guard.TakeSlot(context, service.Guard.Forwarding.AddressOf(context), out var tooMany);
        if (slot is null)
        {
            await tooMany;
            return null;
        }

        if (!service.Upgrades.TryTake())
        {
            slot.Dispose();
            Log.TooManyWebSockets(service.Logger, service.Upgrades.Max);
            SockJsHttp.NoCache(context.Response);
            await SockJsHttp.ErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "Too many WebSocket connections on this server.");
            return null;
        }

        took(new WebSocketSlots(slot, service.Upgrades));

        var isHixie76 = headers.ContainsKey("Sec-WebSocket-Key1") || headers.ContainsKey("Sec-WebSocket-Key2");
        var isHixie75 = !isHixie76 && !headers.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.SecWebSocketVersion)
            && !headers.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.SecWebSocketKey);
        if (isHixie76 || isHixie75)
        {
            if (rawEndpoint)
            {
                return await RefuseAsync(context, service, OnlyRfc6455);
            }

            var (socket, error) = isHixie76
                ? await HixieHandshake.AcceptHixie76Async(context, upgrade, service.Options.HandshakeTimeout)
                : await HixieHandshake.AcceptHixie75Async(context, upgrade);
            return socket ?? await RefuseAsync(context, service, error!);
        }

        var (hybi, hybiError) = await HybiHandshake.AcceptAsync(context, upgrade);
        return hybi ?? await RefuseAsync(context, service, rawEndpoint && hybiError == HybiHandshake.UnsupportedVersion ? OnlyRfc6455 : hybiError!);
    }

    /// <summary>True when a comma-separated header holds <paramref name="token"/>, case-insensitively.</summary>
    public static bool HasToken(string header, string token)
    {
        foreach (var part in header.Split(','))
        {
            if (part.Trim().Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<WebSocket?> RefuseAsync(HttpContext context, SockJsService service, string reason)
    {
        Log.HandshakeRefused(service.Logger, reason);
        if (!context.Response.HasStarted)
        {
            await SockJsHttp.ErrorAsync(context, StatusCodes.Status400BadRequest, reason);
        }

        return null;
    }
}
