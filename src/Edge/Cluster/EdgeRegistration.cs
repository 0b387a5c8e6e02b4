using Microsoft.Extensions.Options;

namespace Realtime.Edge.Cluster;

/// <summary>
/// Registers this edge's observer and renews its channel attachments on a timer. An edge that stops
/// renewing (crashed) drops out of every channel when its lease (<c>Channels:EdgeLease</c>) runs out.
/// </summary>
internal sealed class EdgeRegistration(
    ClusterAdapter cluster,
    EdgeObserver observer,
    LocalHub hub,
    EdgeIdentity edge,
    IOptions<RealtimeOptions> options,
    TimeProvider time,
    ILogger<EdgeRegistration> logger)
    : BackgroundService
{
    private static readonly TimeSpan MinimumDeadline = TimeSpan.FromSeconds(2);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        cluster.SetObserver(observer);
        ClusterLog.ObserverRegistered(logger, edge.Id, cluster.ObserverDescription);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RenewInterval, time);
        try
        {
            do
            {
                // Each round is bounded, so a call stuck on a dead silo never delays the next one.
                var deadline = options.Value.RenewInterval < MinimumDeadline ? MinimumDeadline : options.Value.RenewInterval;
                try
                {
                    await cluster.RegisterEdgeAsync().WaitAsync(deadline, time, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Retried next round; the lease outlives several missed renewals.
                    ClusterLog.RegisterFailed(logger, edge.Id, ex);
                }

                await hub.RenewAsync(deadline, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
