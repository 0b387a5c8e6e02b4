using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using Realtime.Edge.SockJs;
using Realtime.Grains.Webhooks;

namespace Realtime.Edge.Observability;

/// <summary>Metrics (OpenTelemetry, scraped as Prometheus text at <c>/metrics</c>) and health endpoints.</summary>
public static class ObservabilityExtensions
{
    private const string ReadyTag = "ready";

    /// <summary>
    /// Registers the edge's metrics and health checks. <paramref name="cluster"/> adds the readiness check
    /// that calls the cluster; without it the edge is ready as soon as it is live.
    /// </summary>
    public static IServiceCollection AddRealtimeObservability(this IServiceCollection services, bool cluster)
    {
        services.AddMetrics();
        services.AddSingleton<EdgeMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(EdgeMetrics.MeterName, SockJsMetrics.MeterName, WebhookMetrics.MeterName, "Microsoft.Orleans", "Microsoft.AspNetCore.Server.Kestrel")
            .AddPrometheusExporter());
        var health = services.AddHealthChecks();
        if (cluster)
        {
            health.AddCheck<ClusterReadinessCheck>("cluster", tags: [ReadyTag]);
        }

        return services;
    }

    /// <summary>
    /// Maps <c>/metrics</c> (Prometheus text format), <c>/health/live</c> (the process serves HTTP) and
    /// <c>/health/ready</c> (it can also reach the cluster; 503 otherwise).
    /// </summary>
    public static IEndpointRouteBuilder MapRealtimeObservability(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint("/metrics");
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(ReadyTag),
            ResultStatusCodes = { [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable },
        });
        return endpoints;
    }
}
