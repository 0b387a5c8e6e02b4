using Realtime.Edge.Cluster;

namespace Realtime.Edge.Protocol;

/// <summary>
/// On SIGTERM, before the server stops: tells every client to reconnect elsewhere
/// (<c>disconnect</c> with reconnect:true, then <c>c[3000,"Go away!"]</c>) and detaches from channels;
/// connections that arrive from then on get the same at once (<see cref="EdgeDrain"/>).
/// </summary>
internal sealed class GracefulShutdown(ClientRegistry clients, LocalHub hub, ClusterAdapter cluster, EdgeDrain drain, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(OnStopping);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void OnStopping()
    {
        drain.Start();
        var push = Pushes.Disconnect(ProtocolCodes.Shutdown, "Go away!", reconnect: true);
        foreach (var client in clients.All)
        {
            client.Connection.Send(push);
            client.Connection.Close(ProtocolCodes.Shutdown, "Go away!");
        }

        try
        {
            Task.WhenAll(hub.DetachAllAsync(), cluster.UnregisterEdgeAsync()).Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Leases expire anyway.
        }
    }
}
