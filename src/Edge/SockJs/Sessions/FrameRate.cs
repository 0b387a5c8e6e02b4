namespace Realtime.Edge.SockJs.Sessions;

/// <summary>
/// A token bucket of inbound frames for one session (<see cref="SockJsOptions.MaxFramesPerSecond"/>): it holds two
/// seconds' worth, so a client flushing what it queued while connecting is not cut off, and refills at the rate.
/// A struct inside the session, so an idle session pays no extra object; callers take frames one at a time
/// (the WebSocket receive loop, or an HTTP session's inbound gate).
/// </summary>
internal struct FrameRate(int perSecond, TimeProvider time)
{
    private double _tokens = 2.0 * perSecond;
    private long _refilled = time.GetTimestamp();

    /// <summary>Takes one frame's token; false when the session is over its rate. Always true without a limit.</summary>
    public bool TryTake()
    {
        if (perSecond <= 0)
        {
            return true;
        }

        var now = time.GetTimestamp();
        _tokens = Math.Min(2.0 * perSecond, _tokens + (time.GetElapsedTime(_refilled, now).TotalSeconds * perSecond));
        _refilled = now;
        if (_tokens < 1)
        {
            return false;
        }

        _tokens--;
        return true;
    }
}
