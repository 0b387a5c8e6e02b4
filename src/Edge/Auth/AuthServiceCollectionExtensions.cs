using Microsoft.Extensions.Options;
using Realtime.Edge.Channels;
using Realtime.Grains.Hosting;

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
            .Configure(o => BindNamespaces(configuration.GetSection(NamespacesOptions.SectionName), o))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<NamespacesOptions>>(new NamespacesOptionsValidator(PersistenceOf(configuration)));
        services.AddOptions<LimitsOptions>()
            .Bind(configuration.GetSection(LimitsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ChannelNamespaces>();
        services.AddSingleton<TokenValidator>();
        return services;
    }

    // Read on its own: Cluster is validated where the cluster is configured, and AddRealtimeAuth may run without one.
    private static ChannelPersistence PersistenceOf(IConfiguration configuration) =>
        configuration.GetSection(RealtimeClusterOptions.SectionName).GetValue(nameof(RealtimeClusterOptions.Persistence), ChannelPersistence.None);

    // Each entry on its own and strictly: binding the whole dictionary drops an entry whose value does not
    // convert, and a dropped "Private=ture" would silently fall back to the "*" entry.
    private static void BindNamespaces(IConfigurationSection section, NamespacesOptions options)
    {
        foreach (var child in section.GetChildren())
        {
            try
            {
                options.Entries[child.Key] = child.Get<NamespaceOptions>(b => b.ErrorOnUnknownConfiguration = true) ?? new NamespaceOptions();
            }
            catch (InvalidOperationException ex)
            {
                options.BindErrors.Add($"{child.Path}: {ex.Message}");
            }
        }
    }
}
