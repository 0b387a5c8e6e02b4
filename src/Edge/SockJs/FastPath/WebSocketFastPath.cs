using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Realtime.Edge.SockJs.Handshakes;
using Realtime.Edge.SockJs.Security;
using Realtime.Edge.SockJs.Sessions;

namespace Realtime.Edge.SockJs.FastPath;

/// <summary>
/// A Kestrel connection middleware that accepts clean RFC 6455 upgrades to SockJS WebSocket routes
/// straight off the transport, before Kestrel's HTTP/1 layer exists for the connection. An
/// upgraded HTTP request keeps its whole request machinery alive (connection, header dictionaries,
/// context, activity, log scopes) for as long as the socket lives, about 5 KiB per idle session;
/// here a session costs only the transport, the runtime's WebSocket and our session object.
/// Anything else, including every refused or unusual handshake, goes to the HTTP stack untouched,
/// where the full handshake code answers it.
/// </summary>
internal sealed class WebSocketFastPath(SockJsServiceRegistry registry, TimeProvider timeProvider)
{
    /// <summary>Handles the connection if its first request is eligible, else runs <paramref name="next"/>.</summary>
    public async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var input = connection.Transport.Input;
        var accepted = await TryAcceptAsync(connection, input);
        if (accepted is null)
        {
            await next(connection);
            return;
        }

        var (service, raw, origin, slot) = accepted.Value;
        try
        {
            using (slot)
            {
                await using var stream = new DuplexPipeStream(connection.Transport);
                var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
                var session = new WebSocketSession(service, socket, raw, RemoteAddressOf(connection), origin);
                await session.RunAsync(connection.ConnectionClosed);
            }
        }
        finally
        {
            registry.Upgrades.Release();
        }
    }

    private static IPAddress? RemoteAddressOf(ConnectionContext connection)
    {
        var address = (connection.RemoteEndPoint as IPEndPoint)?.Address;
        return address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
    }

    private async Task<(SockJsService Service, bool Raw, string? Origin, AddressSlot Slot)?> TryAcceptAsync(ConnectionContext connection, PipeReader input)
    {
        // A client that connects and says nothing (or trickles its head) is handed to Kestrel after the
        // handshake timeout, and Kestrel's RequestHeadersTimeout then ends it.
        using var timeout = timeProvider.CreateTimer(static s => ((PipeReader)s!).CancelPendingRead(), input, registry.Defaults.HandshakeTimeout, Timeout.InfiniteTimeSpan);
        while (true)
        {
            var result = await input.ReadAsync();
            var buffer = result.Buffer;
            if (buffer.Length >= 4 && !StartsWithGet(buffer))
            {
                input.AdvanceTo(buffer.Start);
                return null;
            }

            var headEnd = FindHeadEnd(buffer);
            if (headEnd is null)
            {
                if (result.IsCompleted || result.IsCanceled || buffer.Length > FastPathLimits.MaxHeadBytes)
                {
                    input.AdvanceTo(buffer.Start);
                    return null;
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            var head = buffer.Slice(0, headEnd.Value);
            var target = Eligible(UpgradeRequest.Parse(head), out var request);
            if (target is null)
            {
                // Not consumed and not examined: Kestrel's parser reads the same bytes at once.
                input.AdvanceTo(buffer.Start);
                return null;
            }

            // At either limit: the HTTP stack answers 429 or 503.
            var slot = target.Value.Service.Guard.Slots.TryTake(RemoteAddressOf(connection));
            if (slot is null)
            {
                input.AdvanceTo(buffer.Start);
                return null;
            }

            if (!registry.Upgrades.TryTake())
            {
                slot.Dispose();
                input.AdvanceTo(buffer.Start);
                return null;
            }

            input.AdvanceTo(headEnd.Value);
            try
            {
                await WriteResponseAsync(connection.Transport.Output, request!.Key!);
            }
            catch
            {
                registry.Upgrades.Release();
                slot.Dispose();
                throw;
            }

            return (target.Value.Service, target.Value.Raw, request.Origin, slot);
        }
    }

    private (SockJsService Service, bool Raw)? Eligible(UpgradeRequest? request, out UpgradeRequest? parsed)
    {
        parsed = request;
        if (request is null || request.HasBody || request.HasHixieKeys || request.HasDraftOrigin || request.Version != "13"
            || !string.Equals(request.Upgrade, "websocket", StringComparison.OrdinalIgnoreCase)
            || request.Connection is null || !WebSocketHandshake.HasToken(request.Connection, "upgrade")
            || !IsValidKey(request.Key) || request.Path.Contains('%'))
        {
            return null;
        }

        var service = registry.Find(request.Path, out var prefixLength);
        if (service is null || !service.Options.WebSocketEnabled || (request.HasForwardedFor && service.Options.MaxSessionsPerAddress > 0))
        {
            return null;
        }

        // A refused origin is answered (403) and logged by the HTTP stack.
        if (request.Origin is { } origin && !service.Guard.Origins.Allows(origin, request.Host, https: false))
        {
            return null;
        }

        var rest = request.Path.AsSpan(prefixLength + 1);
        if (rest.Length > 1 && rest[^1] == '/')
        {
            rest = rest[..^1];
        }

        if (rest is "websocket")
        {
            return (service, true);
        }

        // <server>/<session>/websocket with non-empty, dot-free ids.
        var first = rest.IndexOf('/');
        if (first <= 0)
        {
            return null;
        }

        var afterServer = rest[(first + 1)..];
        var second = afterServer.IndexOf('/');
        if (second <= 0 || afterServer[(second + 1)..] is not "websocket" || rest[..first].Contains('.') || afterServer[..second].Contains('.')
            || !service.Guard.IsLongEnough(afterServer[..second]))
        {
            return null;
        }

        return (service, false);
    }

    private static async ValueTask WriteResponseAsync(PipeWriter output, string key)
    {
        var response = "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: "
            + HybiHandshake.AcceptKey(key) + "\r\n\r\n";
        await output.WriteAsync(Encoding.ASCII.GetBytes(response));
    }

    private static bool IsValidKey(string? key)
    {
        Span<byte> decoded = stackalloc byte[24];
        return key is not null && Convert.TryFromBase64String(key, decoded, out var length) && length == 16;
    }

    private static bool StartsWithGet(ReadOnlySequence<byte> buffer)
    {
        Span<byte> first = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(first);
        return first.SequenceEqual("GET "u8);
    }

    private static SequencePosition? FindHeadEnd(ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        return reader.TryReadTo(out ReadOnlySequence<byte> _, "\r\n\r\n"u8, advancePastDelimiter: true) ? reader.Position : null;
    }
}
