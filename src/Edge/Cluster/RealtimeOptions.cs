using System.ComponentModel.DataAnnotations;

namespace Realtime.Edge.Cluster;

/// <summary>Options of the realtime protocol service, from the <c>Realtime</c> configuration section.</summary>
public sealed class RealtimeOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Realtime";

    /// <summary>Largest <c>data</c> of a publication, in bytes of JSON; larger gets error 413. <value>Default 64 KiB.</value></summary>
    [Range(1, 16 * 1024 * 1024)]
    public int MaxDataBytes { get; set; } = 64 * 1024;

    /// <summary>Longest channel name. <value>Default 255.</value></summary>
    [Range(1, 1024)]
    public int MaxChannelNameLength { get; set; } = 255;

    /// <summary>
    /// How long an edge waits for a missing offset before fetching it from the channel's recent
    /// buffer. <value>Default 100 ms.</value>
    /// </summary>
    public TimeSpan GapWait { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often the edge renews its channel attachments; keep it well under <c>Channels:EdgeLease</c>. <value>Default 10 s.</value></summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a client's request waits for the cluster (attaching a channel on subscribe, publishing) before
    /// it fails with error 500; a silo that just died otherwise holds it for Orleans' whole response timeout.
    /// <value>Default 5 s.</value>
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ClusterCallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most members one <c>presence</c> reply carries; more come in further pages. <value>Default 10,000.</value></summary>
    [Range(1, 100_000)]
    public int PresencePageSize { get; set; } = 10_000;

    /// <summary>Most keys one page of keyed state carries (the <c>subscribe</c> snapshot, each <c>state</c> reply). <value>Default 1,000.</value></summary>
    [Range(1, 100_000)]
    public int StatePageSize { get; set; } = 1000;

    /// <summary>
    /// Bytes of keys and values after which a page of keyed state stops early (it always has at least one key);
    /// keep it well under <c>SockJs:MaxQueuedBytes</c>. <value>Default 256 KiB.</value>
    /// </summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int StatePageBytes { get; set; } = 256 * 1024;

    /// <summary>Longest key of keyed state, in characters. <value>Default 255.</value></summary>
    [Range(1, 4096)]
    public int MaxStateKeyLength { get; set; } = 255;

    /// <summary>Most publications one <c>history</c> reply carries; a larger <c>limit</c> is capped. <value>Default 1,000.</value></summary>
    [Range(1, 100_000)]
    public int MaxHistoryLimit { get; set; } = 1000;
}
