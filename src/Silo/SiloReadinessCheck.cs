using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Realtime.Silo;

/// <summary>
/// Ready while this silo is <c>Active</c> in the cluster's membership: joined and serving grains. A silo that is
/// still joining or already shutting down is not, so a rolling update waits for each new silo before it stops
/// the next old one.
/// </summary>
internal sealed class SiloReadinessCheck(IClusterMembershipService membership, ILocalSiloDetails self) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(self.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy("the silo is active in the cluster")
            : HealthCheckResult.Unhealthy("the silo is " + status));
    }
}
