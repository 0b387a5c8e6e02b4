using Microsoft.Extensions.Options;
using Realtime.Edge.SockJs.Endpoints;

namespace Realtime.Edge.SockJs;

/// <summary>Maps SockJS services.</summary>
public static class SockJsEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves a SockJS service under <paramref name="prefix"/>: greeting, <c>/info</c>, iframe pages,
    /// raw <c>/websocket</c> and every session transport. <paramref name="configure"/> adjusts the
    /// registered defaults for this service; the result is validated here, at start-up.
    /// </summary>
    public static IEndpointConventionBuilder MapSockJs(
        this IEndpointRouteBuilder endpoints,
        string prefix,
        Action<SockJsOptions>? configure,
        ISockJsHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        prefix = NormalizePrefix(prefix);
        var services = endpoints.ServiceProvider;
        var options = services.GetRequiredService<IOptions<SockJsOptions>>().Value.Clone();
        configure?.Invoke(options);
        var validation = new SockJsOptionsValidator().Validate(prefix, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(prefix, typeof(SockJsOptions), validation.Failures);
        }

        var registry = services.GetRequiredService<SockJsServiceRegistry>();
        var service = new SockJsService(prefix, options, handler, services.GetRequiredService<ILoggerFactory>(), services.GetRequiredService<TimeProvider>(), services.GetService<ISockJsSessionLocator>(), services.GetService<SockJsMetrics>(), registry.Upgrades);
        registry.Add(service);
        var dispatcher = new SockJsDispatcher(service);
        var group = endpoints.MapGroup(prefix);
        // A catch-all also matches the bare prefix; the dispatcher does the protocol's own routing.
        group.Map("{**sockjs}", dispatcher.HandleAsync);
        return group;
    }

    /// <summary>Maps a SockJS service whose handler is built from delegates.</summary>
    public static IEndpointConventionBuilder MapSockJs(
        this IEndpointRouteBuilder endpoints,
        string prefix,
        Action<SockJsOptions>? configure,
        Func<ISockJsConnection, string, ValueTask> onMessage,
        Func<ISockJsConnection, ValueTask>? onOpen = null,
        Action<ISockJsConnection>? onClosed = null) =>
        endpoints.MapSockJs(prefix, configure, new DelegateSockJsHandler(onOpen, onMessage, onClosed));

    private static string NormalizePrefix(string prefix)
    {
        if (string.IsNullOrEmpty(prefix) || prefix[0] != '/')
        {
            throw new ArgumentException("A SockJS prefix starts with '/'.", nameof(prefix));
        }

        prefix = prefix.TrimEnd('/');
        return prefix.Length > 0 ? prefix : throw new ArgumentException("A SockJS service needs a prefix other than '/'.", nameof(prefix));
    }
}
