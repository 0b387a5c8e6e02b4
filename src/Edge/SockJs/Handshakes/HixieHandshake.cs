using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;

namespace Realtime.Edge.SockJs.Handshakes;

/// <summary>
/// The pre-RFC drafts old browsers spoke: hixie-76 (key1/key2/key3 challenge) and hixie-75.
/// The 101 headers go out before key3 is read, because proxies such as HAProxy forward the 8
/// key3 bytes only after they have seen the server's answer.
/// </summary>
internal static class HixieHandshake
{
    public static async Task<(WebSocket? Socket, string? Error)> AcceptHixie76Async(HttpContext context, IHttpUpgradeFeature upgrade, TimeSpan timeout)
    {
        var headers = context.Request.Headers;
        if (!TryKeyNumber(headers["Sec-WebSocket-Key1"].ToString(), out var n1) || !TryKeyNumber(headers["Sec-WebSocket-Key2"].ToString(), out var n2))
        {
            return (null, "Invalid Sec-WebSocket-Key1 or Sec-WebSocket-Key2.");
        }

        var response = context.Response;
        response.Headers.Upgrade = "WebSocket";
        response.Headers["Sec-WebSocket-Origin"] = OriginOf(context);
        response.Headers["Sec-WebSocket-Location"] = LocationOf(context);
        var stream = await upgrade.UpgradeAsync();

        var challenge = new byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(challenge, n1);
        BinaryPrimitives.WriteUInt32BigEndian(challenge.AsSpan(4), n2);
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await stream.ReadExactlyAsync(challenge.AsMemory(8, 8), deadline.Token);
            await stream.WriteAsync(MD5.HashData(challenge), deadline.Token);
            await stream.FlushAsync(deadline.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or EndOfStreamException or IOException)
        {
            // Headers are already sent; nothing more can be said to this client.
            context.Abort();
            return (null, "No hixie-76 key3 within the handshake timeout.");
        }

        return (new HixieWebSocket(stream), null);
    }

    public static async Task<(WebSocket? Socket, string? Error)> AcceptHixie75Async(HttpContext context, IHttpUpgradeFeature upgrade)
    {
        var response = context.Response;
        response.Headers.Upgrade = "WebSocket";
        response.Headers["WebSocket-Origin"] = OriginOf(context);
        response.Headers["WebSocket-Location"] = LocationOf(context);
        var stream = await upgrade.UpgradeAsync();
        return (new HixieWebSocket(stream), null);
    }

    /// <summary>The key's digits read as one number, divided by its count of spaces, which must divide it.</summary>
    public static bool TryKeyNumber(string key, out uint value)
    {
        value = 0;
        ulong digits = 0;
        var spaces = 0;
        foreach (var c in key)
        {
            if (char.IsAsciiDigit(c))
            {
                digits = (digits * 10) + (ulong)(c - '0');
                if (digits > uint.MaxValue)
                {
                    return false;
                }
            }
            else if (c == ' ')
            {
                spaces++;
            }
        }

        if (spaces == 0 || digits % (ulong)spaces != 0)
        {
            return false;
        }

        value = (uint)(digits / (ulong)spaces);
        return true;
    }

    private static string OriginOf(HttpContext context) => context.Request.Headers.Origin.ToString();

    private static string LocationOf(HttpContext context)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (request.PathBase + request.Path + request.QueryString).ToString();
        return (request.IsHttps ? "wss://" : "ws://") + request.Host.Value + target;
    }
}
