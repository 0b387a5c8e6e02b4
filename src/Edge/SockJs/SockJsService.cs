using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Realtime.Edge.SockJs.Endpoints;
using Realtime.Edge.SockJs.Security;
using Realtime.Edge.SockJs.Sessions;

namespace Realtime.Edge.SockJs;

/// <summary>
/// One SockJS service under a prefix: its options, its handler and its HTTP session registry.
/// Registries are per service, never process-global.
/// </summary>
internal sealed class SockJsService
{
    public SockJsService(string prefix, SockJsOptions options, ISockJsHandler handler, ILoggerFactory loggerFactory, TimeProvider timeProvider, ISockJsSessionLocator? locator = null, SockJsMetrics? metrics = null, UpgradeSlots? upgrades = null)
    {
        Upgrades = upgrades ?? new UpgradeSlots(0);
        Locator = locator;
        Metrics = metrics;
        Prefix = prefix;
        Options = options;
        Handler = handler;
        Logger = loggerFactory.CreateLogger<SockJsService>();
        TimeProvider = timeProvider;
        Iframe = new IframePage(options.SockJsUrl);
        Guard = new SessionGuard(options, handler, Logger, timeProvider);
    }

    /// <summary>Origins, session binding and probe limits of this service.</summary>
    public SessionGuard Guard { get; }

    /// <summary>The edge's count of WebSocket connections, shared by every service.</summary>
    public UpgradeSlots Upgrades { get; }

    /// <summary>The service's path prefix, without a trailing slash.</summary>
    public string Prefix { get; }

    public SockJsOptions Options { get; }

    public ISockJsHandler Handler { get; }

    public ILogger Logger { get; }

    public TimeProvider TimeProvider { get; }

    /// <summary>HTTP-transport sessions by SockJS session id. WebSocket sessions are never registered.</summary>
    public ConcurrentDictionary<string, HttpSession> Sessions { get; } = new(StringComparer.Ordinal);

    /// <summary>Where queue sizes and slow-consumer closes are counted; null when not measured.</summary>
    public SockJsMetrics? Metrics { get; }

    /// <summary>Finds session owners across edges; null when sessions are local only.</summary>
    public ISockJsSessionLocator? Locator { get; }

    /// <summary>The iframe page, rendered once.</summary>
    public IframePage Iframe { get; }
}
