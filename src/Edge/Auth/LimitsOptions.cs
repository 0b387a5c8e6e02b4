using System.ComponentModel.DataAnnotations;

namespace Realtime.Edge.Auth;

/// <summary>Per-user and per-connection limits, from the <c>Limits</c> configuration section.</summary>
public sealed class LimitsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Limits";

    /// <summary>
    /// Most simultaneous connections of one authenticated user across the cluster; one more is closed
    /// with code 3005. 0 for no limit. <value>Default 0.</value>
    /// </summary>
    [Range(0, 1_000_000)]
    public int MaxConnectionsPerUser { get; set; }

    /// <summary>Sustained publishes per second one connection may make; past it, error 429. 0 for no limit. <value>Default 0.</value></summary>
    [Range(0, 1_000_000)]
    public double PublishRate { get; set; }

    /// <summary>Publishes a connection may make in a burst above <see cref="PublishRate"/>. <value>Default 10.</value></summary>
    [Range(1, 1_000_000)]
    public int PublishBurst { get; set; } = 10;

    /// <summary>
    /// How long a connection may stay open without a successful <c>connect</c>; then it is closed with
    /// 3004. Zero for no limit. <value>Default 30 s.</value>
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Most channels one connection may be subscribed to at once; a <c>subscribe</c> beyond it gets error 403.
    /// Each subscription costs edge memory and a place in the channel's delivery, so one client must not
    /// take thousands. 0 for no limit. <value>Default 128.</value>
    /// </summary>
    [Range(0, 1_000_000)]
    public int MaxChannelsPerConnection { get; set; } = 128;
}
