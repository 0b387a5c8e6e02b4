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

    private static readonly TimeSpan StartupRegistration = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RegisterInterval = Grains.EdgeRegistryTimings.RegisterInterval;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        cluster.SetObserver(observer);
        ClusterLog.ObserverRegistered(logger, edge.Id, cluster.ObserverDescription);

        // Registered before the edge serves anyone: cluster-wide limits forget clients of edges the
        // registry does not know, so an edge whose first registration failed would not count its clients.
        var until = time.GetUtcNow() + StartupRegistration;
        // Past the deadline the register loop keeps trying.
        while (!await TryRegisterAsync(cancellationToken) && time.GetUtcNow() < until)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken);
        }

        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(RegisterLoopAsync(stoppingToken), RenewLoopAsync(stoppingToken));

    // The registration is renewed every second, not every RenewInterval: it is one call per edge, and a
    // registry that lost it (its grain moved while the cluster's membership changed) must not leave this
    // edge's clients unknown to session lookups and per-user limits for a whole interval.
    private async Task RegisterLoopAsync(CancellationToken stoppingToken)
    {
        var period = options.Value.RenewInterval < RegisterInterval ? options.Value.RenewInterval : RegisterInterval;
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await TryRegisterAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task<bool> TryRegisterAsync(CancellationToken cancellationToken)
    {
        try
        {
            await cluster.RegisterEdgeAsync().WaitAsync(MinimumDeadline, time, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            ClusterLog.RegisterFailed(logger, edge.Id, ex);
            return false;
        }
    }

    private async Task RenewLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RenewInterval, time);
        try
        {
            do
            {
                // Each round is bounded, so a call stuck on a dead silo never delays the next one.
                var deadline = options.Value.RenewInterval < MinimumDeadline ? MinimumDeadline : options.Value.RenewInterval;
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
