namespace Realtime.Edge.Auth;

/// <summary>
/// What a client may do on a channel. In configuration, a comma-separated list of names
/// (<c>"subscribe, history"</c>); in tokens' <c>caps</c>, an array of lower-case names.
/// </summary>
[Flags]
public enum ChannelOps
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>Subscribe and receive publications.</summary>
    Subscribe = 1,

    /// <summary>Publish from the client.</summary>
    Publish = 2,

    /// <summary>Ask who is present.</summary>
    Presence = 4,

    /// <summary>Read the channel's history.</summary>
    History = 8,

    /// <summary>Write the channel's keyed state (<c>set</c>, <c>patch</c>, <c>delete</c>), in namespaces with <c>KeepsValue</c>.</summary>
    State = 16,

    /// <summary>All of the above.</summary>
    All = Subscribe | Publish | Presence | History | State,
}
