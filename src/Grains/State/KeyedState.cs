using System.Text;
using System.Text.Json;

namespace Realtime.Grains.State;

/// <summary>
/// A channel's keyed state: keys to JSON values, each with the offset that last wrote it as its version,
/// optional expiry, and the idempotency window of recent writes. It decides what a write does; the channel
/// grain numbers and sends the changes it returns.
/// </summary>
internal sealed class KeyedState(string channel, string epoch, TimeSpan idempotencyWindow, int idempotencyCapacity)
{
    private readonly Dictionary<string, StoredValue> _values = new(StringComparer.Ordinal);
    private readonly SortedSet<string?> _keys = new(KeyOrder.Instance);
    private readonly PriorityQueue<string, long> _expiries = new();
    private readonly IdempotencyWindow _idempotency = new(idempotencyWindow, idempotencyCapacity);

    public int Count => _values.Count;

    /// <summary>
    /// Applies <paramref name="request"/> as the change at <paramref name="offset"/> (the channel's next one).
    /// When it changes something, <paramref name="change"/> is the publication to send and the offset is taken;
    /// otherwise it is null and the result says why (at <paramref name="lastOffset"/>).
    /// </summary>
    public StateWriteResult Write(StateWriteRequest request, long offset, long lastOffset, DateTimeOffset now, out ChannelPublication? change)
    {
        change = null;
        string? scope = null;
        if (request.IdempotencyKey is { Length: > 0 } idempotencyKey)
        {
            scope = IdempotencyWindow.Scope(request, idempotencyKey);
            if (_idempotency.TryGet(scope, now, out var first))
            {
                return first;
            }
        }

        var result = Apply(request, offset, lastOffset, now, out change);
        if (scope is not null && result.Status is StateWriteStatus.Applied or StateWriteStatus.Unchanged)
        {
            // Only what took effect is remembered: a refused write changed nothing, so its retry may be judged afresh.
            _idempotency.Remember(scope, result, now);
        }

        return result;
    }

    /// <summary>The earliest expiry still pending, in UTC ticks; null when no key expires.</summary>
    public long? NextExpiry()
    {
        while (_expiries.TryPeek(out var key, out var at))
        {
            if (_values.TryGetValue(key, out var value) && value.ExpiresAt == at)
            {
                return at;
            }

            // Rewritten or removed since: this entry no longer stands for anything.
            _expiries.Dequeue();
        }

        return null;
    }

    /// <summary>Removes one key whose expiry has come, as the change at <paramref name="offset"/>; null when none is due.</summary>
    public ChannelPublication? ExpireOne(long offset, DateTimeOffset now)
    {
        if (NextExpiry() is not { } at || at > now.UtcTicks)
        {
            return null;
        }

        var key = _expiries.Dequeue();
        Remove(key);
        return new ChannelPublication(channel, epoch, offset, "null", null, null, now.UtcTicks, new StateChange(key, Removed: true));
    }

    /// <summary>Up to <paramref name="limit"/> keys after <paramref name="after"/>, stopping early past <paramref name="maxBytes"/>.</summary>
    public StateEntry[] Page(string? after, int limit, int maxBytes, out string? next)
    {
        next = null;
        var entries = new List<StateEntry>(Math.Min(limit, _values.Count));
        var bytes = 0;
        // A view counts the keys in its range when made, so a page costs O(keys after the cursor) walking
        // cheap nodes; writes stay O(log n), which matters more for keys that come and go with a ttl.
        var view = after is null ? _keys : _keys.GetViewBetween(after, null);
        foreach (var key in view)
        {
            if (key is null || (after is not null && string.CompareOrdinal(key, after) <= 0))
            {
                continue;
            }

            var value = _values[key];
            if (entries.Count == limit || (entries.Count > 0 && bytes + value.Bytes > maxBytes))
            {
                next = entries[^1].Key;
                break;
            }

            entries.Add(new StateEntry(key, value.Value, value.Version));
            bytes += value.Bytes;
        }

        return [.. entries];
    }

    private StateWriteResult Apply(StateWriteRequest request, long offset, long lastOffset, DateTimeOffset now, out ChannelPublication? change)
    {
        change = null;
        var key = request.Key;
        if (string.IsNullOrEmpty(key) || (request.Kind != StateWriteKind.Delete && request.Value is null))
        {
            return Refused(StateWriteStatus.Invalid, lastOffset, 0);
        }

        _values.TryGetValue(key, out var current);
        var version = current?.Version ?? 0;
        if (request.IfVersion is { } expected && expected != version)
        {
            return Refused(StateWriteStatus.Conflict, lastOffset, version);
        }

        if (request.Kind == StateWriteKind.Delete)
        {
            if (current is null)
            {
                return new StateWriteResult(StateWriteStatus.Unchanged, epoch, lastOffset, 0);
            }

            Remove(key);
            change = new ChannelPublication(channel, epoch, offset, "null", request.FromClient, request.FromUser, now.UtcTicks, new StateChange(key, Removed: true));
            return new StateWriteResult(StateWriteStatus.Applied, epoch, offset, offset);
        }

        if (current is null && _values.Count >= request.Limits.MaxKeys)
        {
            return Refused(StateWriteStatus.TooManyKeys, lastOffset, 0);
        }

        string value;
        try
        {
            value = request.Kind == StateWriteKind.Patch ? JsonMergePatch.Apply(current?.Value, request.Value!) : request.Value!;
        }
        catch (JsonException)
        {
            return Refused(StateWriteStatus.Invalid, lastOffset, version);
        }

        var valueBytes = Encoding.UTF8.GetByteCount(value);
        if (valueBytes > request.Limits.MaxValueBytes)
        {
            return Refused(StateWriteStatus.ValueTooLarge, lastOffset, version);
        }

        // A patch without a ttl keeps the key's expiry; a set without one makes the key permanent.
        var expiresAt = request.Ttl is { } ttl ? (now + ttl).UtcTicks
            : request.Kind == StateWriteKind.Patch ? current?.ExpiresAt ?? 0
            : 0;
        _values[key] = new StoredValue(value, offset, expiresAt, valueBytes + Encoding.UTF8.GetByteCount(key));
        _keys.Add(key);
        if (expiresAt != 0)
        {
            _expiries.Enqueue(key, expiresAt);
            if (_expiries.Count > (2 * _values.Count) + 64)
            {
                // Keys rewritten with a ttl again and again leave stale entries behind; rebuild before they pile up.
                _expiries.Clear();
                foreach (var (k, v) in _values)
                {
                    if (v.ExpiresAt != 0)
                    {
                        _expiries.Enqueue(k, v.ExpiresAt);
                    }
                }
            }
        }

        change = new ChannelPublication(channel, epoch, offset, value, request.FromClient, request.FromUser, now.UtcTicks, new StateChange(key, Removed: false));
        return new StateWriteResult(StateWriteStatus.Applied, epoch, offset, offset);
    }

    private StateWriteResult Refused(StateWriteStatus status, long lastOffset, long version) => new(status, epoch, lastOffset, version);

    private void Remove(string key)
    {
        _values.Remove(key);
        _keys.Remove(key);
    }
}
