using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace Realtime.Silo;

/// <summary>
/// Stands in for Kestrel when no <c>urls</c> are configured: a silo opens no HTTP port unless asked to serve its
/// probes, so several silos share a machine (tests, deploy/local-cluster.sh) without port clashes.
/// </summary>
internal sealed class NoHttpServer : IServer
{
    public IFeatureCollection Features { get; } = new FeatureCollection();

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
    }
}
