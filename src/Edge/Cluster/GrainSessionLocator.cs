using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Realtime.Edge.Hosting;
using Realtime.Edge.SockJs;
using Realtime.Grains;

namespace Realtime.Edge.Cluster;

/// <summary>Session ownership in <see cref="ISockJsSessionGrain"/>s, with this edge known by <c>Edge:InternalUrl</c>.</summary>
internal sealed class GrainSessionLocator(IGrainFactory grains, IOptions<EdgeOptions> options, IServer server) : ISockJsSessionLocator
{
    private Uri? _self;

    /// <summary><c>Edge:InternalUrl</c>, else the first address Kestrel bound (right for loopback and single-host setups).</summary>
    public Uri? Self => _self ??= Resolve();

    public async ValueTask<Uri?> ClaimAsync(string key, Uri? deadOwner, CancellationToken cancellationToken)
    {
        var self = Self ?? throw new InvalidOperationException("The edge's own URL is unknown; set Edge:InternalUrl.");
        var owner = await grains.GetGrain<ISockJsSessionGrain>(key).ClaimAsync(self.ToString(), deadOwner?.ToString()).WaitAsync(cancellationToken);
        return owner is null ? null : new Uri(owner);
    }

    public async ValueTask<Uri?> FindAsync(string key, CancellationToken cancellationToken)
    {
        var owner = await grains.GetGrain<ISockJsSessionGrain>(key).FindAsync().WaitAsync(cancellationToken);
        return owner is null ? null : new Uri(owner);
    }

    public void Release(string key)
    {
        if (Self is not { } self)
        {
            return;
        }

        try
        {
            grains.GetGrain<ISockJsSessionGrain>(key).ReleaseAsync(self.ToString()).Forget();
        }
        catch (ObjectDisposedException)
        {
            // A session's disconnect timer can fire after a stopped edge disposed its cluster client; thrown on that
            // timer it would take the process down. The grain keeps naming this edge until a later claim replaces
            // the dead owner.
        }
    }

    private Uri? Resolve()
    {
        if (!string.IsNullOrEmpty(options.Value.InternalUrl))
        {
            return new Uri(options.Value.InternalUrl);
        }

        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        return address is null ? null : new Uri(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
    }
}
