namespace Realtime.Edge.Api;

/// <summary>One API key (<c>Api:Keys:N</c>) and what it may reach.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The secret itself, at least <see cref="ApiOptions.MinKeyLength"/> characters.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>
    /// The channel namespaces the key may act on (publish, history, presence, unsubscribe, the channel list).
    /// <value>Default empty: every namespace, and the user-wide and cluster-wide endpoints too.</value>
    /// </summary>
    public List<string> Namespaces { get; } = [];
}
