using Realtime.Edge.Auth;

namespace Realtime.Edge.Channels;

/// <summary>
/// What the channels of one namespace (<c>name:rest</c>) are and who may use them; an entry of the
/// <c>Namespaces</c> configuration section, keyed by the namespace name.
/// </summary>
public sealed class NamespaceOptions
{
    /// <summary>What anonymous connections may do on these channels without any grant. <value>Default none.</value></summary>
    public ChannelOps Anonymous { get; set; }

    /// <summary>What every authenticated connection may do, on top of its token's <c>caps</c>. <value>Default none.</value></summary>
    public ChannelOps Authenticated { get; set; }

    /// <summary>Whether clients may publish at all; when false only the server API does, whatever the grants. <value>Default false.</value></summary>
    public bool ClientPublish { get; set; }

    /// <summary>Subscribing needs a subscription token for the channel and the user (grants alone are not enough). <value>Default false.</value></summary>
    public bool Private { get; set; }

    /// <summary>Whether the channel keeps presence (who is subscribed). <value>Default false.</value></summary>
    public bool Presence { get; set; }

    /// <summary>Whether members' arrivals and departures are pushed (<c>join</c>/<c>leave</c>); needs <see cref="Presence"/>. <value>Default false.</value></summary>
    public bool JoinLeave { get; set; }

    /// <summary>How many publications history keeps; 0 keeps none beyond the recent buffer used for ordering. <value>Default 0.</value></summary>
    public int HistorySize { get; set; }

    /// <summary>How long history keeps a publication; zero means for as long as <see cref="HistorySize"/> allows. <value>Default zero.</value></summary>
    public TimeSpan HistoryTtl { get; set; }

    /// <summary>
    /// Whether channels keep their epoch, last offset and history window in the silos' grain storage
    /// (<c>Cluster:Persistence</c>, which must then be <c>Memory</c> or <c>Redis</c>), so they survive a silo
    /// restart; each publication is acknowledged only once written. <value>Default false.</value>
    /// </summary>
    public bool Durable { get; set; }

    /// <summary>
    /// Whether channels keep keyed state: a map of keys to JSON values that clients with the <c>State</c> op
    /// write (<c>set</c>, <c>patch</c>, <c>delete</c>), sent to subscribers as a snapshot and then <c>state</c>
    /// pushes. Kept in memory only, so not with <see cref="Durable"/>. <value>Default false.</value>
    /// </summary>
    public bool KeepsValue { get; set; }

    /// <summary>Most keys one channel's state holds; a write that would add one more gets 413. <value>Default 10,000.</value></summary>
    public int MaxKeys { get; set; } = 10_000;

    /// <summary>Largest state value in bytes (after a patch); 0 uses <see cref="MaxMessageBytes"/>, else <c>Realtime:MaxDataBytes</c>. <value>Default 0.</value></summary>
    public int MaxValueBytes { get; set; }

    /// <summary>Most subscribers a channel takes across the cluster; 0 for no limit. <value>Default 0.</value></summary>
    public int MaxSubscribers { get; set; }

    /// <summary>Largest publication <c>data</c> in bytes; 0 uses <c>Realtime:MaxDataBytes</c>. <value>Default 0.</value></summary>
    public int MaxMessageBytes { get; set; }

    /// <summary>The app's URL that approves, rewrites or refuses each client publication before it is sent; null for none.</summary>
    public Uri? PublishProxy { get; set; }

    /// <summary>How long the publish proxy may take. <value>Default 1 s.</value></summary>
    public TimeSpan PublishProxyTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>What happens to a publication when the publish proxy fails. <value>Default <c>Reject</c>.</value></summary>
    public Hooks.PublishProxyFailure PublishProxyFailure { get; set; }

    /// <summary>Whether client publications raise the <c>client.published</c> webhook. <value>Default false.</value></summary>
    public bool PublishWebhook { get; set; }

    /// <summary>The app's handler grain (<c>IChannelHandler</c>): its class name, or a unique prefix of its full name; null for none.</summary>
    public string? Handler { get; set; }

    /// <summary>How long a handler may take to answer. <value>Default 2 s.</value></summary>
    public TimeSpan HandlerTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The history window as the channel grain takes it; null when the namespace keeps no history and is not durable.</summary>
    internal Realtime.Grains.HistoryPolicy? History =>
        HistorySize > 0 || Durable ? _history ??= new Realtime.Grains.HistoryPolicy(HistorySize, HistoryTtl, Durable) : null;

    private Realtime.Grains.HistoryPolicy? _history;
}
