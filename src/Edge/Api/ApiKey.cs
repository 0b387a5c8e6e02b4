using Realtime.Edge.Channels;

namespace Realtime.Edge.Api;

/// <summary>A configured key as the API checks it: a digest of the secret and the namespaces it may act on.</summary>
internal sealed class ApiKey(int index, byte[] digest, IReadOnlyCollection<string> namespaces)
{
    private readonly HashSet<string>? _namespaces = namespaces.Count == 0 ? null : new(namespaces, StringComparer.Ordinal);

    /// <summary>Its place in <c>Api:Keys</c>, so logs can say which key was used without showing it.</summary>
    public int Index { get; } = index;

    /// <summary>SHA-256 of the secret; compared in constant time.</summary>
    public byte[] Digest { get; } = digest;

    /// <summary>Whether the key may use every namespace, and so the user-wide and cluster-wide endpoints.</summary>
    public bool Unrestricted => _namespaces is null;

    /// <summary>Whether the key may act on <paramref name="channel"/>, by the channel's namespace.</summary>
    public bool Allows(string channel) => _namespaces is null || _namespaces.Contains(ChannelNamespaces.NameOf(channel));

    /// <summary>The namespaces the key is limited to, for error messages; empty when unrestricted.</summary>
    public IEnumerable<string> Namespaces => _namespaces ?? Enumerable.Empty<string>();
}
