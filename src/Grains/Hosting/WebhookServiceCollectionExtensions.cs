using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Realtime.Grains.Webhooks;

namespace Realtime.Grains.Hosting;

/// <summary>Registers what the webhook shards need on a silo.</summary>
public static class WebhookServiceCollectionExtensions
{
    /// <summary>Binds and validates the <c>Webhooks</c> section and adds the sender, its HttpClient and the metrics.</summary>
    public static IServiceCollection AddRealtimeWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        services.AddHttpClient(WebhookSender.HttpClientName);
        services.AddSingleton<WebhookSender>();
        services.AddMetrics();
        services.AddSingleton<WebhookMetrics>();
        return services;
    }
}
