namespace Realtime.Grains.State;

/// <summary>The last N publications of a channel, by offset.</summary>
internal sealed class PublicationRing(int capacity)
{
    private readonly ChannelPublication?[] _items = new ChannelPublication?[capacity];

    public void Add(ChannelPublication publication) => _items[publication.Offset % _items.Length] = publication;

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
            var item = _items[offset % _items.Length];
            if (item is null || item.Offset != offset)
            {
                complete = false;
                continue;
            }

            result.Add(item);
        }

        return [.. result];
    }
}
