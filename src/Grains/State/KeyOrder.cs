namespace Realtime.Grains.State;

/// <summary>Ordinal order of keys, with null after every key: the open upper bound of a range of a sorted set.</summary>
internal sealed class KeyOrder : IComparer<string?>
{
    public static readonly KeyOrder Instance = new();

    public int Compare(string? x, string? y) =>
        x is null ? (y is null ? 0 : 1) : y is null ? -1 : string.CompareOrdinal(x, y);
}
