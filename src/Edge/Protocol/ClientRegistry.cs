using System.Collections.Concurrent;

namespace Realtime.Edge.Protocol;

/// <summary>The realtime clients connected to this edge, for a graceful shutdown.</summary>
internal sealed class ClientRegistry
{
    private readonly ConcurrentDictionary<ClientSession, byte> _clients = new();

    public int Count => _clients.Count;

    public void Add(ClientSession session) => _clients.TryAdd(session, 0);

    public void Remove(ClientSession session) => _clients.TryRemove(session, out _);

    public ICollection<ClientSession> All => _clients.Keys;
}
