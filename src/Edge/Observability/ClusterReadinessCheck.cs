using Microsoft.Extensions.Diagnostics.HealthChecks;
using Realtime.Grains;

namespace Realtime.Edge.Observability;

/// <summary>
/// Ready when a grain call reaches the cluster within the check's time: a load balancer then sends
/// connections only to edges that can subscribe and publish. The call is a lookup in the edge registry,
/// a read edges make anyway when they forward HTTP sessions.
/// </summary>
internal sealed class ClusterReadinessCheck(IGrainFactory grains, Protocol.EdgeDrain drain) : IHealthCheck
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (drain.Draining)
        {
            return HealthCheckResult.Unhealthy("the edge is stopping");
        }

        try
        {
            await grains.GetGrain<IEdgeRegistryGrain>(ClientIds.RegistryKey).FindAsync("readiness-probe").WaitAsync(Deadline, cancellationToken);
            return HealthCheckResult.Healthy("the cluster answers");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the cluster does not answer: " + ex.GetType().Name, ex);
        }
    }
}
