using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Realtime.Grains.Hosting;

namespace Realtime.Cluster.Tests.Hosting;

/// <summary>
/// Where a silo listens and what it advertises, per <c>Cluster</c> setting: loopback by default, an advertised
/// address for containers, the pod for Kubernetes. The hosts are built, never started.
/// </summary>
public sealed class ClusterEndpointTests
{
    [Fact]
    public void RedisSilo_WithoutAdvertisedAddress_StaysOnLoopback()
    {
        var endpoints = SiloEndpoints(new() { ["Cluster:Provider"] = "Redis", ["Cluster:RedisConnection"] = "127.0.0.1:1" });

        // No listening endpoint of its own: the silo listens where it advertises.
        Assert.Equal(IPAddress.Loopback, endpoints.AdvertisedIPAddress);
        Assert.Null(endpoints.SiloListeningEndpoint);
        Assert.Null(endpoints.GatewayListeningEndpoint);
    }

    [Fact]
    public void RedisSilo_WithAdvertisedAddress_AdvertisesItAndListensOnEveryInterface()
    {
        var endpoints = SiloEndpoints(new()
        {
            ["Cluster:Provider"] = "Redis",
            ["Cluster:RedisConnection"] = "127.0.0.1:1",
            ["Cluster:AdvertisedAddress"] = "10.1.2.3",
            ["Cluster:SiloPort"] = "11112",
            ["Cluster:GatewayPort"] = "30002",
        });

        Assert.Equal(IPAddress.Parse("10.1.2.3"), endpoints.AdvertisedIPAddress);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 11112), endpoints.SiloListeningEndpoint);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 30002), endpoints.GatewayListeningEndpoint);
    }

    [Fact]
    public void RedisSilo_WithAdvertisedHostName_ResolvesItAtStartUp()
    {
        var endpoints = SiloEndpoints(new()
        {
            ["Cluster:Provider"] = "Redis",
            ["Cluster:RedisConnection"] = "127.0.0.1:1",
            ["Cluster:AdvertisedAddress"] = "localhost",
        });

        Assert.True(IPAddress.IsLoopback(endpoints.AdvertisedIPAddress!), endpoints.AdvertisedIPAddress?.ToString());
        Assert.Equal(IPAddress.Any, endpoints.SiloListeningEndpoint!.Address);
    }

    [Fact]
    public void KubernetesSilo_AdvertisesThePodIp_ListensOnEveryInterface_AndNamesItselfAfterThePod()
    {
        // Set in a pod by the downward API (deploy/k8s/silo.yaml). Tests of this class run one at a time,
        // and nothing else in this process reads these variables.
        var pod = new Dictionary<string, string> { ["POD_NAMESPACE"] = "realtime", ["POD_NAME"] = "silo-7d9f-abcde", ["POD_IP"] = "10.244.1.17" };
        foreach (var (name, value) in pod)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        try
        {
            var services = SiloServices(Kubernetes(siloPort: 11113, gatewayPort: 30003));
            var endpoints = services.GetRequiredService<IOptions<EndpointOptions>>().Value;

            Assert.Equal(IPAddress.Parse("10.244.1.17"), endpoints.AdvertisedIPAddress);
            Assert.Equal(new IPEndPoint(IPAddress.Any, 11113), endpoints.SiloListeningEndpoint);
            Assert.Equal(new IPEndPoint(IPAddress.Any, 30003), endpoints.GatewayListeningEndpoint);
            Assert.Equal("silo-7d9f-abcde", services.GetRequiredService<IOptions<SiloOptions>>().Value.SiloName);
        }
        finally
        {
            foreach (var name in pod.Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }

    [Fact]
    public void KubernetesSilo_OutsideAPod_RefusesToStart()
    {
        if (File.Exists("/var/run/secrets/kubernetes.io/serviceaccount/namespace"))
        {
            Assert.Fail("This test must run outside Kubernetes: the pod's service account gives the namespace.");
        }

        var services = SiloServices(Kubernetes(siloPort: 11114, gatewayPort: 30004));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SiloOptions>>().Value);
        Assert.Contains("POD_NAMESPACE", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cluster:Kubernetes", "true", null, null, "Cluster:Kubernetes needs Cluster:Provider=Redis")]
    [InlineData("Cluster:AdvertisedAddress", "10.0.0.5", null, null, "Cluster:AdvertisedAddress needs Cluster:Provider=Redis")]
    [InlineData("Cluster:AdvertisedAddress", "not a host", "Cluster:Provider", "Redis", "Cluster:AdvertisedAddress must be an IP address or a host name")]
    [InlineData("Cluster:AdvertisedAddress", "10.0.0.5", "Cluster:Kubernetes", "true", "Cluster:AdvertisedAddress and Cluster:Kubernetes exclude each other")]
    public void BadClusterSetting_IsRefused_NamingTheKey(string key, string value, string? otherKey, string? otherValue, string message)
    {
        var settings = new Dictionary<string, string?> { [key] = value, ["Cluster:RedisConnection"] = "127.0.0.1:1" };
        if (otherKey is not null)
        {
            settings[otherKey] = otherValue;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var error = Assert.Throws<OptionsValidationException>(() => configuration.GetRealtimeClusterOptions());
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Kubernetes(int siloPort, int gatewayPort) => new()
    {
        ["Cluster:Provider"] = "Redis",
        ["Cluster:RedisConnection"] = "127.0.0.1:1",
        ["Cluster:Kubernetes"] = "true",
        ["Cluster:SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Cluster:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static EndpointOptions SiloEndpoints(Dictionary<string, string?> settings) =>
        SiloServices(settings).GetRequiredService<IOptions<EndpointOptions>>().Value;

    private static IServiceProvider SiloServices(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        var cluster = builder.Configuration.GetRealtimeClusterOptions();
        builder.UseOrleans(silo => silo.AddRealtimeSilo(cluster, builder.Configuration));
        return builder.Build().Services;
    }
}
