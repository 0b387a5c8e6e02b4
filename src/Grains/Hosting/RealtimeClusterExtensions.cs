using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Realtime.Grains.Hosting;

/// <summary>
/// The one place that turns <see cref="RealtimeClusterOptions"/> into Orleans membership, for silos
/// (standalone or co-hosted in an edge) and for edges that are clients.
/// </summary>
public static class RealtimeClusterExtensions
{
    /// <summary>Reads and validates the <c>Cluster</c> section; throws naming every bad key.</summary>
    public static RealtimeClusterOptions GetRealtimeClusterOptions(this IConfiguration configuration)
    {
        var options = configuration.GetSection(RealtimeClusterOptions.SectionName).Get<RealtimeClusterOptions>() ?? new RealtimeClusterOptions();
        var failures = options.Validate();
        return failures.Count == 0 ? options : throw new OptionsValidationException(RealtimeClusterOptions.SectionName, typeof(RealtimeClusterOptions), failures);
    }

    /// <summary>
    /// Configures a silo: membership, its endpoints (loopback unless <c>Cluster:AdvertisedAddress</c> or
    /// <c>Cluster:Kubernetes</c> say otherwise), the grains, their options and the durable channels' storage.
    /// </summary>
    public static ISiloBuilder AddRealtimeSilo(this ISiloBuilder silo, RealtimeClusterOptions cluster, IConfiguration configuration)
    {
        if (cluster.Provider == ClusteringProvider.Redis)
        {
            silo.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(cluster.RedisConnection!));
            silo.Configure<Orleans.Configuration.ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            if (cluster.Kubernetes)
            {
                // Kubernetes hosting listens on every interface; the ports stay ours.
                silo.Configure<Orleans.Configuration.EndpointOptions>(o =>
                {
                    o.SiloPort = cluster.SiloPort;
                    o.GatewayPort = cluster.GatewayPort;

                    // Orleans' own default runs before Kubernetes hosting's and would advertise the first
                    // interface's address, which is not the pod IP in pods with several interfaces (meshes).
                    if (IPAddress.TryParse(Environment.GetEnvironmentVariable(Orleans.Hosting.Kubernetes.KubernetesHostingOptions.PodIPEnvironmentVariable), out var podIp))
                    {
                        o.AdvertisedIPAddress = podIp;
                    }
                });
                silo.UseKubernetesHosting();
            }
            else if (cluster.AdvertisedAddress is null)
            {
                silo.ConfigureEndpoints(IPAddress.Loopback, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: false);
            }
            else if (IPAddress.TryParse(cluster.AdvertisedAddress, out var address))
            {
                silo.ConfigureEndpoints(address, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
            }
            else
            {
                silo.ConfigureEndpoints(cluster.AdvertisedAddress, cluster.SiloPort, cluster.GatewayPort, System.Net.Sockets.AddressFamily.InterNetwork, listenOnAnyHostAddress: true);
            }
        }
        else
        {
            var primary = new IPEndPoint(IPAddress.Loopback, cluster.PrimarySiloPort ?? cluster.SiloPort);
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, primary, cluster.ServiceId, cluster.ClusterId);
        }

        // Failure detection (probe timeouts, votes) is tunable under Cluster:Membership.
        silo.Configure<Orleans.Configuration.ClusterMembershipOptions>(configuration.GetSection(RealtimeClusterOptions.SectionName + ":Membership"));
        silo.Services.AddOptions<ChannelOptions>().Bind(configuration.GetSection(ChannelOptions.SectionName)).ValidateOnStart();
        silo.Services.AddSingleton<IValidateOptions<ChannelOptions>, ChannelOptionsValidator>();
        silo.Services.AddSingleton(TimeProvider.System);
        silo.Services.AddRealtimeWebhooks(configuration);
        silo.AddRealtimeChannelStreams(configuration);
        silo.AddRealtimeChannelStorage(cluster);
        return silo;
    }

    /// <summary>Configures an Orleans client of the cluster.</summary>
    public static IClientBuilder AddRealtimeClient(this IClientBuilder client, RealtimeClusterOptions cluster, IConfiguration? configuration = null)
    {
        // Edges must stop using a dead silo's gateway within seconds, not Orleans' default minute.
        client.Configure<Orleans.Configuration.GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        if (configuration is not null)
        {
            client.Configure<Orleans.Configuration.GatewayOptions>(configuration.GetSection(RealtimeClusterOptions.SectionName + ":Gateway"));
        }

        client.AddRealtimeChannelStreams(configuration);

        if (cluster.Provider == ClusteringProvider.Redis)
        {
            client.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(cluster.RedisConnection!));
            client.Configure<Orleans.Configuration.ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
        }
        else
        {
            var ports = (cluster.GatewayPorts ?? cluster.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture))
                .ToArray();
            client.UseLocalhostClustering(ports, cluster.ServiceId, cluster.ClusterId);
        }

        return client;
    }
}
