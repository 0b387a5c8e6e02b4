namespace Realtime.Edge.SockJs.FastPath;

/// <summary>Bounds of the fast path's look at a connection's first request.</summary>
internal static class FastPathLimits
{
    /// <summary>A request head larger than this goes to the HTTP stack, which has its own limits.</summary>
    public const int MaxHeadBytes = 8 * 1024;
}
