using Realtime.Edge.Auth;
using Realtime.Edge.Protocol;
using Realtime.Edge.SockJs;

namespace Realtime.Edge.Cluster;

/// <summary>Registers and maps the realtime protocol service.</summary>
public static class RealtimeEdgeExtensions
{
    /// <summary>Adds the edge's cluster side (hub, observer, lease renewal) and the client protocol.</summary>
    public static IServiceCollection AddRealtimeEdge(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RealtimeOptions>()
            .Bind(configuration.GetSection(RealtimeOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.GapWait > TimeSpan.Zero && o.RenewInterval > TimeSpan.Zero, "Realtime:GapWait and Realtime:RenewInterval must be positive.")
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<EdgeIdentity>();
        services.AddSingleton<ClusterAdapter>();
        services.AddSingleton<LocalHub>();
        services.AddRealtimeChannelFeed(configuration);
        services.AddSingleton<EdgeObserver>();
        services.AddSingleton<ClientRegistry>();
        services.AddRealtimeAuth(configuration);
        services.AddSingleton<Authenticator>();
        services.AddSingleton<ChannelRequests>();
        services.AddSingleton<PresenceRequests>();
        services.AddSingleton<StateRequests>();
        services.AddOptions<Hooks.PublishProxyOptions>().Bind(configuration.GetSection(Realtime.Grains.Webhooks.WebhookOptions.SectionName));
        services.AddHttpClient(Hooks.PublishProxy.HttpClientName);
        services.AddSingleton<Hooks.PublishProxy>();
        services.AddSingleton<Handlers.ChannelHandlers>();
        services.AddSingleton<RpcRequests>();
        services.AddSingleton<ClientCommands>();
        services.AddSingleton<RealtimeHandler>();
        services.AddSingleton<ISockJsSessionLocator, GrainSessionLocator>();
        services.AddHostedService<EdgeRegistration>();
        services.AddSingleton<EdgeDrain>();
        services.AddHostedService<GracefulShutdown>();
        return services;
    }

    /// <summary>Serves the client protocol as a SockJS service under <paramref name="prefix"/> (the contract says <c>/realtime</c>).</summary>
    public static IEndpointConventionBuilder MapRealtime(this IEndpointRouteBuilder endpoints, string prefix = "/realtime", Action<SockJsOptions>? configure = null) =>
        endpoints.MapSockJs(prefix, configure, endpoints.ServiceProvider.GetRequiredService<RealtimeHandler>());
}
