namespace Realtime.Grains.State;

/// <summary>
/// The last N publications of a channel by offset, each with the time it was published: the gap-fill
/// buffer and the history window in one. It grows when a namespace asks for more history than it holds.
/// </summary>
internal sealed class PublicationRing(int capacity)
{
    private ChannelPublication?[] _items = new ChannelPublication?[capacity];
    private long[] _at = new long[capacity];

    public int Capacity => _items.Length;

    public void Add(ChannelPublication publication, DateTimeOffset at)
    {
        var slot = (int)(publication.Offset % _items.Length);
        _items[slot] = publication;
        _at[slot] = at.UtcTicks;
    }

    /// <summary>When the publication at <paramref name="offset"/>, which must be held, was added.</summary>
    public DateTimeOffset AddedAt(long offset) => new(_at[offset % _items.Length], TimeSpan.Zero);

    /// <summary>Grows to hold <paramref name="capacity"/> publications, keeping those held now.</summary>
    public void EnsureCapacity(int capacity)
    {
        if (capacity <= _items.Length)
        {
            return;
        }

        var items = new ChannelPublication?[capacity];
        var at = new long[capacity];
        for (var i = 0; i < _items.Length; i++)
        {
            if (_items[i] is { } item)
            {
                items[item.Offset % capacity] = item;
                at[item.Offset % capacity] = _at[i];
            }
        }

        _items = items;
        _at = at;
    }

    /// <summary>Copies offsets [from, to] still held; <paramref name="complete"/> is false if any is gone.</summary>
    public ChannelPublication[] Range(long from, long to, out bool complete)
    {
        complete = true;
        if (to < from)
        {
            return [];
        }

        var result = new List<ChannelPublication>((int)Math.Min(to - from + 1, _items.Length));
        for (var offset = from; offset <= to; offset++)
        {
            if (Get(offset) is { } item)
            {
                result.Add(item);
            }
            else
            {
                complete = false;
            }
        }

        return [.. result];
    }

    /// <summary>
    /// Up to <paramref name="limit"/> messages (publications that are not state changes) held in [from, to]: the
    /// first ones, or the <paramref name="latest"/> ones; in offset order either way.
    /// </summary>
    public ChannelPublication[] Messages(long from, long to, int limit, bool latest)
    {
        var result = new List<ChannelPublication>(Math.Min(limit, 64));
        for (var i = 0; i <= to - from && result.Count < limit; i++)
        {
            if (Get(latest ? to - i : from + i) is { State: null } message)
            {
                result.Add(message);
            }
        }

        if (latest)
        {
            result.Reverse();
        }

        return [.. result];
    }

    /// <summary>
    /// The first offset of the history window ending at <paramref name="last"/>: the last
    /// <see cref="HistoryPolicy.Size"/> publications still held and younger than its TTL.
    /// </summary>
    public long WindowStart(long last, HistoryPolicy policy, DateTimeOffset now)
    {
        var size = Math.Min(policy.Size, _items.Length);
        var start = last + 1;
        var oldest = policy.Ttl > TimeSpan.Zero ? (now - policy.Ttl).UtcTicks : long.MinValue;
        while (start > 1 && last - start + 1 < size)
        {
            var slot = (int)((start - 1) % _items.Length);
            if (_items[slot] is not { } item || item.Offset != start - 1 || _at[slot] < oldest)
            {
                break;
            }

            start--;
        }

        return start;
    }

    private ChannelPublication? Get(long offset)
    {
        var item = _items[offset % _items.Length];
        return item is not null && item.Offset == offset ? item : null;
    }
}
