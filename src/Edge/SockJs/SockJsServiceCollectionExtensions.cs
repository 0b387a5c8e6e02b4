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
        return services;
    }
}
