using Microsoft.Extensions.Options;
using Realtime.Edge.Channels;

namespace Realtime.Edge.Auth;

/// <summary>Registers token validation, channel namespaces and limits, each validated at start-up.</summary>
public static class AuthServiceCollectionExtensions
{
    /// <summary>Binds <c>Auth</c>, <c>Namespaces</c> and <c>Limits</c> and adds the services that enforce them.</summary>
    public static IServiceCollection AddRealtimeAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>()
            .Bind(configuration.GetSection(AuthOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddOptions<NamespacesOptions>()
            .Configure(o => configuration.GetSection(NamespacesOptions.SectionName).Bind(o.Entries))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<NamespacesOptions>, NamespacesOptionsValidator>();
        services.AddOptions<LimitsOptions>()
            .Bind(configuration.GetSection(LimitsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ChannelNamespaces>();
        services.AddSingleton<TokenValidator>();
        return services;
    }
}
