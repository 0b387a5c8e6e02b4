namespace Realtime.Edge.Channels;

/// <summary>The <c>Namespaces</c> configuration section: namespace name → its options.</summary>
public sealed class NamespacesOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Namespaces";

    /// <summary>Every configured namespace by name (<c>*</c> for the catch-all, <c>default</c> for channels without a colon).</summary>
    public Dictionary<string, NamespaceOptions> Entries { get; } = new(StringComparer.Ordinal);

    /// <summary>Entries that did not bind (unknown keys, values that do not convert); start-up validation reports them.</summary>
    public List<string> BindErrors { get; } = [];
}
