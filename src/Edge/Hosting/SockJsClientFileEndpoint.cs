namespace Realtime.Edge.Hosting;

/// <summary>Serves a local sockjs-client build (<see cref="EdgeOptions.SockJsClientFile"/>) at <c>/lib/sockjs.min.js</c>.</summary>
public static class SockJsClientFileEndpoint
{
    /// <summary>The path the local build is served at.</summary>
    public const string Path = "/lib/sockjs.min.js";

    /// <summary>Maps <see cref="Path"/> when <see cref="EdgeOptions.SockJsClientFile"/> is set; does nothing otherwise.</summary>
    public static IEndpointRouteBuilder MapSockJsClientFile(this IEndpointRouteBuilder endpoints, EdgeOptions options)
    {
        if (!string.IsNullOrEmpty(options.SockJsClientFile))
        {
            var file = System.IO.Path.GetFullPath(options.SockJsClientFile);
            endpoints.MapGet(Path, () => Results.File(file, "application/javascript; charset=UTF-8"));
        }

        return endpoints;
    }
}
