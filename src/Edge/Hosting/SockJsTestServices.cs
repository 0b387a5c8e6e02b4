using System.Collections.Concurrent;
using Realtime.Edge.SockJs;

namespace Realtime.Edge.Hosting;

/// <summary>
/// The services the SockJS protocol test suite and sockjs-client's own tests expect, plus
/// <c>/broadcast</c> for the fan-out benchmark. Mapped only with <c>Edge:ProtocolTestEndpoints=true</c>.
/// </summary>
public static class SockJsTestServices
{
    /// <summary>Maps <c>/echo</c>, <c>/close</c>, <c>/disabled_websocket_echo</c>, <c>/cookie_needed_echo</c> and <c>/broadcast</c>.</summary>
    public static IEndpointRouteBuilder MapSockJsTestServices(this IEndpointRouteBuilder endpoints)
    {
        // The suite's streaming tests assume a 4096-byte response limit on its services.
        const int SuiteResponseLimit = 4096;
        endpoints.MapSockJs("/echo", o => o.ResponseLimit = SuiteResponseLimit, Echo);
        endpoints.MapSockJs("/disabled_websocket_echo", o => { o.ResponseLimit = SuiteResponseLimit; o.WebSocketEnabled = false; }, Echo);
        endpoints.MapSockJs("/cookie_needed_echo", o => { o.ResponseLimit = SuiteResponseLimit; o.CookieNeeded = true; }, Echo);
        endpoints.MapSockJs(
            "/close",
            o => o.ResponseLimit = SuiteResponseLimit,
            onMessage: static (_, _) => ValueTask.CompletedTask,
            onOpen: static c =>
            {
                c.Close(3000, "Go away!");
                return ValueTask.CompletedTask;
            });

        var everyone = new ConcurrentDictionary<ISockJsConnection, byte>();
        endpoints.MapSockJs(
            "/broadcast",
            o => o.ResponseLimit = SuiteResponseLimit,
            onMessage: (_, message) =>
            {
                // Encoded once, sent to every session as the same bytes.
                var encoded = new SockJsMessage(message);
                foreach (var connection in everyone.Keys)
                {
                    connection.Send(encoded);
                }

                return ValueTask.CompletedTask;
            },
            onOpen: c =>
            {
                everyone.TryAdd(c, 0);
                return ValueTask.CompletedTask;
            },
            onClosed: c => everyone.TryRemove(c, out _));
        return endpoints;
    }

    private static ValueTask Echo(ISockJsConnection connection, string message)
    {
        connection.Send(message);
        return ValueTask.CompletedTask;
    }
}
