using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Realtime.Edge.SockJs;

/// <summary>Registers the SockJS server.</summary>
public static class SockJsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the SockJS server with default <see cref="SockJsOptions"/> bound from
    /// <paramref name="configuration"/> and validated at start-up.
    /// </summary>
    public static IServiceCollection AddSockJs(this IServiceCollection services, IConfiguration? configuration = null)
    {
        var builder = services.AddOptions<SockJsOptions>();
        if (configuration is not null)
        {
            builder.Bind(configuration);
        }

        builder.ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<SockJsOptions>, SockJsOptionsValidator>();
        services.AddRouting();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SockJsServiceRegistry>();
        services.AddMetrics();
        services.AddSingleton<SockJsMetrics>();
        services.AddSingleton<FastPath.WebSocketFastPath>();
        return services;
    }

    /// <summary>
    /// Takes clean RFC 6455 upgrades to SockJS WebSocket routes at the connection layer, before
    /// the HTTP/1 stack, which roughly halves the memory of an idle WebSocket session. Everything
    /// else passes through to HTTP untouched. Plain-text endpoints only; TLS bytes pass through.
    /// </summary>
    public static ListenOptions UseSockJsWebSocketFastPath(this ListenOptions listenOptions)
    {
        var fastPath = listenOptions.ApplicationServices.GetRequiredService<FastPath.WebSocketFastPath>();
        listenOptions.Use(next => connection => fastPath.OnConnectionAsync(connection, next));
        return listenOptions;
    }
}
