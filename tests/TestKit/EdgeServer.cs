using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Edge.Hosting;

namespace Realtime.TestKit;

/// <summary>
/// A real edge (Kestrel on 127.0.0.1, a free port) for integration tests, stopped on dispose.
/// </summary>
public sealed class EdgeServer : IAsyncDisposable
{
    private EdgeServer(WebApplication app, Uri baseAddress)
    {
        App = app;
        BaseAddress = baseAddress;
    }

    /// <summary>
    /// Settings every test edge starts with unless overridden: anonymous connections, and every namespace
    /// open to every op. Tests of permissions override them (a null value removes a default).
    /// </summary>
    public static IReadOnlyDictionary<string, string?> OpenAccess { get; } = new Dictionary<string, string?>
    {
        ["Auth:AllowAnonymous"] = "true",
        ["Namespaces:*:Anonymous"] = "Subscribe, Publish, Presence, History",
        ["Namespaces:*:Authenticated"] = "Subscribe, Publish, Presence, History",
        ["Namespaces:*:ClientPublish"] = "true",
    };

    /// <summary>The running application.</summary>
    public WebApplication App { get; }

    /// <summary><c>http://127.0.0.1:port</c>, no trailing slash.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Base URL as a string without trailing slash.</summary>
    public string Url => BaseAddress.ToString().TrimEnd('/');

    /// <summary>Port Kestrel bound.</summary>
    public int Port => BaseAddress.Port;

    /// <summary>
    /// Starts an edge with the protocol test services on, quiet logging, and the given settings
    /// (configuration keys such as <c>SockJs:HeartbeatInterval</c>) layered on top.
    /// </summary>
    /// <param name="settings">Configuration on top of the defaults; a null value removes a default.</param>
    /// <param name="configure">Adjusts the builder (with <see cref="EdgeHost.Build"/> only).</param>
    /// <param name="host">
    /// Builds the app from the command-line arguments instead of <see cref="EdgeHost.Build"/>: an app made on
    /// top of the edge, such as the chat sample's host.
    /// </param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<EdgeServer> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? configure = null,
        Func<string[], WebApplication>? host = null,
        CancellationToken cancellationToken = default)
    {
        if (host is not null && configure is not null)
        {
            throw new ArgumentException("configure applies to EdgeHost.Build only; configure a custom host in its own build.", nameof(configure));
        }

        var all = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Edge:ProtocolTestEndpoints"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Realtime"] = "Warning",
            ["Logging:LogLevel:Orleans"] = "Warning",

            // SockJS-only by default: transport tests need no silo. Cluster tests pass Cluster:* settings.
            ["Cluster:Mode"] = "None",
        };
        foreach (var (k, v) in OpenAccess)
        {
            all[k] = v;
        }

        if (settings is not null)
        {
            foreach (var (k, v) in settings)
            {
                all[k] = v;
            }
        }

        var args = all.Where(kv => kv.Value is not null).Select(kv => $"--{kv.Key}={kv.Value}").ToArray();
        var app = host is null ? EdgeHost.Build(args, configure) : host(args);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            // A refused start (say, invalid options) must not leave the host's services behind.
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First(a => a.StartsWith("http://127.0.0.1", StringComparison.Ordinal));
        return new EdgeServer(app, new Uri(address));
    }

    /// <summary>
    /// Starts an edge co-hosting a silo on free loopback ports. The first edge of a cluster is its
    /// primary silo; pass its <see cref="SiloPort"/> as <paramref name="primarySiloPort"/> to join more.
    /// <paramref name="host"/> builds another app on top of the edge, as for <see cref="StartAsync"/>.
    /// </summary>
    public static async Task<EdgeServer> StartClusterAsync(
        string clusterId,
        int? primarySiloPort = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        Func<string[], WebApplication>? host = null,
        CancellationToken cancellationToken = default)
    {
        var siloPort = FreePort.Next();
        var all = new Dictionary<string, string?>
        {
            ["Cluster:Mode"] = "CoHosted",
            ["Cluster:ClusterId"] = clusterId,
            ["Cluster:SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster:GatewayPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster:PrimarySiloPort"] = (primarySiloPort ?? siloPort).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (settings is not null)
        {
            foreach (var (k, v) in settings)
            {
                all[k] = v;
            }
        }

        var server = await StartAsync(all, host: host, cancellationToken: cancellationToken);
        server.SiloPort = siloPort;
        return server;
    }

    /// <summary>The co-hosted silo's port, for a second edge to join (0 without a cluster).</summary>
    public int SiloPort { get; private set; }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await App.StopAsync(cts.Token);
        }
        finally
        {
            await App.DisposeAsync();
        }
    }
}
