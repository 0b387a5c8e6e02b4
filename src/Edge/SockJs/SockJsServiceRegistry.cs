using Microsoft.Extensions.Options;
using Realtime.Edge.SockJs.Security;

namespace Realtime.Edge.SockJs;

/// <summary>
/// The SockJS services mapped in this process, for the connection-level WebSocket fast path, and what they
/// share: the edge's count of WebSocket connections.
/// </summary>
internal sealed class SockJsServiceRegistry(IOptions<SockJsOptions> defaults) : IDisposable
{
    private volatile SockJsService[] _services = [];

    /// <summary>The <c>SockJs</c> section's options, before any service adjusted its own copy.</summary>
    public SockJsOptions Defaults { get; } = defaults.Value;

    /// <summary>Open WebSocket connections of every service, against <see cref="SockJsOptions.MaxWebSocketConnections"/>.</summary>
    public UpgradeSlots Upgrades { get; } = new(defaults.Value.MaxWebSocketConnections);

    public void Add(SockJsService service)
    {
        lock (this)
        {
            _services = [.. _services, service];
        }
    }

    /// <summary>Stops the services' limiters with the host.</summary>
    public void Dispose()
    {
        foreach (var service in _services)
        {
            service.Guard.Dispose();
        }
    }

    /// <summary>The service whose prefix starts <paramref name="path"/> (exact case), with the rest of the path.</summary>
    public SockJsService? Find(ReadOnlySpan<char> path, out int prefixLength)
    {
        foreach (var service in _services)
        {
            var prefix = service.Prefix;
            if (path.Length > prefix.Length && path[prefix.Length] == '/' && path.StartsWith(prefix, StringComparison.Ordinal))
            {
                prefixLength = prefix.Length;
                return service;
            }
        }

        prefixLength = 0;
        return null;
    }
}
