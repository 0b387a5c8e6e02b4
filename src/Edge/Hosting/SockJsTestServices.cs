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
        endpoints.MapSockJs("/echo", Suite, Echo);
        endpoints.MapSockJs("/disabled_websocket_echo", o => { Suite(o); o.WebSocketEnabled = false; }, Echo);
        endpoints.MapSockJs("/cookie_needed_echo", o => { Suite(o); o.CookieNeeded = true; }, Echo);
        endpoints.MapSockJs(
            "/close",
            Suite,
            onMessage: static (_, _) => ValueTask.CompletedTask,
            onOpen: static c =>
            {
                c.Close(3000, "Go away!");
                return ValueTask.CompletedTask;
            });

        var everyone = new ConcurrentDictionary<ISockJsConnection, byte>();
        endpoints.MapSockJs(
            "/broadcast",
            Suite,
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

    /// <summary>
    /// What the suite and sockjs-client's own tests assume: a 4096-byte response limit, any origin (they
    /// send made-up ones), any session id (they use short ones), no probe budget (they hit unknown
    /// sessions on purpose, all from one address), no cap on sessions per address (benchmarks open
    /// thousands from one) and no frame rate (the echo benchmark sends as fast as it can).
    /// </summary>
    private static void Suite(SockJsOptions options)
    {
        options.ResponseLimit = 4096;
        options.AllowedOrigins = ["*"];
        options.MinSessionIdLength = 1;
        options.ProbeBudget = 0;
        options.MaxSessionsPerAddress = 0;
        options.MaxFramesPerSecond = 0;
    }

    private static ValueTask Echo(ISockJsConnection connection, string message)
    {
        connection.Send(message);
        return ValueTask.CompletedTask;
    }
}
