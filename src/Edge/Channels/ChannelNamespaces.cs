using Microsoft.Extensions.Options;

namespace Realtime.Edge.Channels;

/// <summary>
/// Finds a channel's namespace: the text before its first colon, or <c>default</c> for a channel without
/// one. A namespace missing from configuration falls back to the <c>*</c> entry when there is one
/// (a development convenience), else the channel is unknown (error 404).
/// </summary>
public sealed class ChannelNamespaces(IOptions<NamespacesOptions> options)
{
    /// <summary>Namespace of channels whose name has no colon.</summary>
    public const string Default = "default";

    /// <summary>Entry that applies to every namespace not configured by name.</summary>
    public const string Wildcard = "*";

    private readonly Dictionary<string, NamespaceOptions> _byName = new(options.Value.Entries, StringComparer.Ordinal);
    private readonly NamespaceOptions? _wildcard = options.Value.Entries.GetValueOrDefault(Wildcard);

    /// <summary>The namespace name of <paramref name="channel"/>.</summary>
    public static string NameOf(string channel)
    {
        var colon = channel.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? Default : channel[..colon];
    }

    /// <summary>The options of <paramref name="channel"/>'s namespace, or null when it is not configured.</summary>
    public NamespaceOptions? Find(string channel)
    {
        // Every channel op looks this up: a span lookup, so the namespace name is never allocated.
        var colon = channel.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? Default.AsSpan() : channel.AsSpan(0, colon);
        return _byName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var found) ? found : _wildcard;
    }
}
