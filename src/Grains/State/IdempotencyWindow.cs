namespace Realtime.Grains.State;

/// <summary>
/// The results of a channel's recent writes that carried an idempotency key, so a retry gets the first
/// result instead of a second change. Bounded twice: entries older than the window are forgotten, and
/// past <c>capacity</c> entries the oldest go first.
/// </summary>
internal sealed class IdempotencyWindow(TimeSpan window, int capacity)
{
    private readonly Dictionary<string, (StateWriteResult Result, long At)> _results = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, long At)> _order = new();

    public int Count => _results.Count;

    /// <summary>
    /// The scope of an idempotency key: the writing user, else the client (anonymous connections share the
    /// empty user), else the server API. One writer's keys can then never replay another's write.
    /// </summary>
    public static string Scope(StateWriteRequest request, string idempotencyKey) =>
        !string.IsNullOrEmpty(request.FromUser) ? "u\n" + request.FromUser + "\n" + idempotencyKey
        : request.FromClient is not null ? "c\n" + request.FromClient + "\n" + idempotencyKey
        : "s\n" + idempotencyKey;

    public bool TryGet(string scopedKey, DateTimeOffset now, out StateWriteResult result)
    {
        Evict(now);
        if (_results.TryGetValue(scopedKey, out var entry))
        {
            result = entry.Result with { Replayed = true };
            return true;
        }

        result = null!;
        return false;
    }

    public void Remember(string scopedKey, StateWriteResult result, DateTimeOffset now)
    {
        _results[scopedKey] = (result, now.UtcTicks);
        _order.Enqueue((scopedKey, now.UtcTicks));
        Evict(now);
    }

    private void Evict(DateTimeOffset now)
    {
        var oldest = (now - window).UtcTicks;
        while (_order.TryPeek(out var first) && (first.At < oldest || _results.Count > capacity))
        {
            _order.Dequeue();

            // Only the entry this queue item stands for: a key remembered again later has a newer time.
            if (_results.TryGetValue(first.Key, out var entry) && entry.At == first.At)
            {
                _results.Remove(first.Key);
            }
        }
    }
}
