namespace Realtime.Edge.Api;

/// <summary>The server HTTP API, from the <c>Api</c> configuration section. Without keys the API is off.</summary>
public sealed class ApiOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Api";

    /// <summary>Smallest key accepted, in characters.</summary>
    public const int MinKeyLength = 32;

    /// <summary>
    /// The keys callers present as <c>Authorization: apikey &lt;key&gt;</c>. Several may be valid at once, so a
    /// key can be rotated without downtime. <value>Default none: the API answers 404 everywhere.</value>
    /// </summary>
    public List<ApiKeyOptions> Keys { get; } = [];

    /// <summary>Largest request body in bytes; a larger one gets 413. <value>Default 64 KiB.</value></summary>
    public int MaxRequestBytes { get; set; } = 64 * 1024;

    /// <summary>Settings that did not bind (unknown keys, values that do not convert); start-up validation reports them.</summary>
    internal List<string> BindErrors { get; } = [];

    /// <summary>Whether any key is configured, which is what turns the API on.</summary>
    public bool Enabled => Keys.Count > 0;
}
