using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Realtime.Browser.Tests;

/// <summary>
/// A second Kestrel on 127.0.0.1 serving the test pages and sockjs-client, so the page's origin
/// differs from the edge's and every transport runs cross-origin (CORS with credentials, iframes).
/// </summary>
public sealed class PageServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PageServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary><c>http://127.0.0.1:port</c>, no trailing slash.</summary>
    public string Url { get; }

    /// <summary>Starts the server on a free loopback port.</summary>
    public static async Task<PageServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = RepoPaths.Clients });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();

        Serve(app, "/echo.html", Path.Combine(RepoPaths.Clients, "page", "echo.html"), "text/html; charset=UTF-8");
        Serve(app, "/echo-page.js", Path.Combine(RepoPaths.Clients, "page", "echo-page.js"), "application/javascript; charset=UTF-8");
        Serve(app, "/echo-session.js", Path.Combine(RepoPaths.Clients, "lib", "echo-session.js"), "application/javascript; charset=UTF-8");
        Serve(app, "/realtime.html", Path.Combine(RepoPaths.Clients, "page", "realtime.html"), "text/html; charset=UTF-8");
        Serve(app, "/realtime-page.js", Path.Combine(RepoPaths.Clients, "page", "realtime-page.js"), "application/javascript; charset=UTF-8");
        Serve(app, "/lib/sockjs.min.js", RepoPaths.SockJsClientScript, "application/javascript; charset=UTF-8");
        app.MapGet("/favicon.ico", () => Results.NoContent());

        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.First(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
        return new PageServer(app, url.TrimEnd('/'));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _app.StopAsync(cts.Token);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }

    private static void Serve(WebApplication app, string route, string file, string contentType) =>
        app.MapGet(route, (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return Results.File(file, contentType);
        });
}
