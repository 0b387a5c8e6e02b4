using System.Collections.Concurrent;

namespace Realtime.Edge.Protocol;

/// <summary>The realtime clients connected to this edge, by client id: for session queries and a graceful shutdown.</summary>
internal sealed class ClientRegistry
{
    private readonly ConcurrentDictionary<string, ClientSession> _clients = new(StringComparer.Ordinal);

    public int Count => _clients.Count;

    public void Add(ClientSession session) => _clients.TryAdd(session.ClientId, session);

    public void Remove(ClientSession session) => _clients.TryRemove(new KeyValuePair<string, ClientSession>(session.ClientId, session));

    public bool TryGet(string clientId, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out ClientSession session) => _clients.TryGetValue(clientId, out session);

    public ICollection<ClientSession> All => _clients.Values;
}
