using Realtime.Edge.Hosting;
using Realtime.Edge.SockJs;

namespace Realtime.Edge.Demo;

/// <summary>The demo page at <c>/</c> and its SockJS echo service at <c>/demo</c>.</summary>
public static class DemoEndpoints
{
    /// <summary>Maps the demo page and its echo service.</summary>
    public static IEndpointRouteBuilder MapDemo(this IEndpointRouteBuilder endpoints, EdgeOptions options)
    {
        var page = DemoPage.Render(options.SockJsClientUrl);
        endpoints.MapGet("/", () => Results.Content(page, "text/html; charset=UTF-8"));
        endpoints.MapSockJs("/demo", configure: null, onMessage: static (c, m) =>
        {
            c.Send(m);
            return ValueTask.CompletedTask;
        });

        return endpoints;
    }
}
