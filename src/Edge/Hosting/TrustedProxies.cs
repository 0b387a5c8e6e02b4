using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Realtime.Edge.Hosting;

/// <summary>
/// <see cref="EdgeOptions.TrustedProxies"/> applied through ASP.NET Core's forwarded-headers middleware. Unlike
/// <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c>, which believes any sender, only the listed balancers are believed,
/// so a client that reaches the edge directly cannot pick its own address.
/// </summary>
internal static class TrustedProxies
{
    /// <summary>Parses one entry: an address (a network of one) or a CIDR network; null when it is neither.</summary>
    public static System.Net.IPNetwork? Parse(string entry) =>
        System.Net.IPNetwork.TryParse(entry, out var network) ? network
        : IPAddress.TryParse(entry, out var address) ? new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)
        : null;

    /// <summary>Sets the middleware's options from the configured list; <see cref="Use"/> adds the middleware when the list is not empty.</summary>
    public static void AddTrustedProxies(this IServiceCollection services) =>
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<EdgeOptions>>((o, edge) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // One hop: the address the trusted balancer saw. Earlier entries are whatever the client wrote.
            o.ForwardLimit = 1;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var entry in edge.Value.TrustedProxies)
            {
                if (Parse(entry) is { } network)
                {
                    o.KnownIPNetworks.Add(network);
                }
            }
        });

    /// <summary>Adds the middleware first in the pipeline when <paramref name="options"/> lists any proxy.</summary>
    public static void Use(WebApplication app, EdgeOptions options)
    {
        if (options.TrustedProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }
    }
}
