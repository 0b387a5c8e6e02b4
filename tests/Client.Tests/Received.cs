using System.Collections.Concurrent;
using Realtime.TestKit;

namespace Realtime.Client.Tests;

/// <summary>Collects a subscription's publications (from its callback) and waits for a count with a deadline.</summary>
public sealed class Received
{
    private readonly ConcurrentQueue<Publication> _items = new();

    public void Add(Publication publication) => _items.Enqueue(publication);

    public IReadOnlyList<Publication> Items => [.. _items];

    public IReadOnlyList<long> Offsets => [.. _items.Select(p => p.Offset)];

    public Task WaitForAsync(int count, string what, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(() => _items.Count >= count, $"{count} publications {what} (have {_items.Count})", timeout ?? TimeSpan.FromSeconds(30));
}
