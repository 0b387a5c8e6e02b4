namespace Realtime.Grains.Hosting;

/// <summary>Cluster membership and ports, from the <c>Cluster</c> configuration section.</summary>
public sealed class RealtimeClusterOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Cluster";

    /// <summary>How an edge joins: <c>CoHosted</c> (default), <c>Client</c> or <c>None</c>. Silos ignore it.</summary>
    public ClusterMode Mode { get; set; } = ClusterMode.CoHosted;

    /// <summary>Membership provider: <c>Localhost</c> (default) or <c>Redis</c>.</summary>
    public ClusteringProvider Provider { get; set; } = ClusteringProvider.Localhost;

    /// <summary>
    /// Grain storage for durable channels: <c>None</c> (default: no namespace may be durable), <c>Memory</c>
    /// (tests) or <c>Redis</c> (on <see cref="RedisConnection"/>). Silos register it; an edge in <c>Client</c>
    /// mode states what its silos run, so that durable namespaces are checked against it at start-up.
    /// </summary>
    public ChannelPersistence Persistence { get; set; } = ChannelPersistence.None;

    /// <summary>StackExchange.Redis connection string, required with the Redis provider or Redis persistence.</summary>
    public string? RedisConnection { get; set; }

    /// <summary>Cluster id: silos and clients with the same id form one cluster. <value>Default <c>realtime</c>.</value></summary>
    public string ClusterId { get; set; } = "realtime";

    /// <summary>Service id, stable across deployments. <value>Default <c>realtime</c>.</value></summary>
    public string ServiceId { get; set; } = "realtime";

    /// <summary>Silo-to-silo port. <value>Default 11111.</value></summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port of a silo. <value>Default 30000.</value></summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Localhost provider: silo port of the primary silo that other silos join (default: this silo is the primary).</summary>
    public int? PrimarySiloPort { get; set; }

    /// <summary>Localhost provider, client mode: gateway ports to connect to, comma-separated (default: <see cref="GatewayPort"/>).</summary>
    public string? GatewayPorts { get; set; }

    /// <summary>
    /// Silos with the <c>Redis</c> provider: the address other silos and the edges reach this silo at, an IP address
    /// or a host name resolved once at start-up (a container's service name). The silo then listens on every
    /// interface. <value>Default none: the silo listens on and advertises loopback, so the cluster stays on one machine.</value>
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>
    /// Silos in Kubernetes: Orleans' Kubernetes hosting names the silo after its pod and advertises the pod's IP
    /// (<c>POD_NAME</c>, <c>POD_NAMESPACE</c>, <c>POD_IP</c> from the downward API), listens on every interface and
    /// declares a silo dead as soon as its pod is deleted, instead of waiting for missed probes. Membership stays
    /// in Redis, so it needs the <c>Redis</c> provider, and the pod's service account needs to read, watch and
    /// label pods (<c>deploy/k8s</c>). <value>Default false.</value>
    /// </summary>
    public bool Kubernetes { get; set; }

    /// <summary>The problems with these options, empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (Provider == ClusteringProvider.Redis && string.IsNullOrWhiteSpace(RedisConnection))
        {
            failures.Add("Cluster:RedisConnection is required when Cluster:Provider is Redis.");
        }

        if (Persistence == ChannelPersistence.Redis && string.IsNullOrWhiteSpace(RedisConnection))
        {
            failures.Add("Cluster:RedisConnection is required when Cluster:Persistence is Redis.");
        }

        if (SiloPort is < 1 or > 65535 || GatewayPort is < 1 or > 65535)
        {
            failures.Add("Cluster:SiloPort and Cluster:GatewayPort must be TCP ports.");
        }

        if (Kubernetes && Provider != ClusteringProvider.Redis)
        {
            failures.Add("Cluster:Kubernetes needs Cluster:Provider=Redis: Kubernetes hosting names and addresses silos, membership still lives in Redis.");
        }

        if (AdvertisedAddress is not null)
        {
            if (Kubernetes)
            {
                failures.Add("Cluster:AdvertisedAddress and Cluster:Kubernetes exclude each other: in Kubernetes the silo advertises its pod's IP.");
            }
            else if (Provider != ClusteringProvider.Redis)
            {
                failures.Add("Cluster:AdvertisedAddress needs Cluster:Provider=Redis: Localhost membership stays on loopback.");
            }

            if (Uri.CheckHostName(AdvertisedAddress) is UriHostNameType.Unknown or UriHostNameType.Basic)
            {
                failures.Add($"Cluster:AdvertisedAddress must be an IP address or a host name, not '{AdvertisedAddress}'.");
            }
        }

        if (string.IsNullOrWhiteSpace(ClusterId))
        {
            failures.Add("Cluster:ClusterId must not be empty.");
        }

        return failures;
    }
}
