using Realtime.Edge.Hosting;
using Realtime.Edge.SockJs;

namespace Realtime.Edge.Demo;

/// <summary>The demo page at <c>/</c> and its SockJS echo service at <c>/demo</c>.</summary>
public static class DemoEndpoints
{
    /// <summary>Maps the demo page, its echo service and, when configured, the local sockjs-client script.</summary>
    public static IEndpointRouteBuilder MapDemo(this IEndpointRouteBuilder endpoints, EdgeOptions options)
    {
        var page = DemoPage.Render(options.SockJsClientUrl);
        endpoints.MapGet("/", () => Results.Content(page, "text/html; charset=UTF-8"));
        endpoints.MapSockJs("/demo", configure: null, onMessage: static (c, m) =>
        {
            c.Send(m);
            return ValueTask.CompletedTask;
        });

        if (!string.IsNullOrEmpty(options.SockJsClientFile))
        {
            var path = Path.GetFullPath(options.SockJsClientFile);
            endpoints.MapGet("/lib/sockjs.min.js", () => Results.File(path, "application/javascript; charset=UTF-8"));
        }

        return endpoints;
    }
}
