namespace Realtime.Edge.Auth;

/// <summary>
/// A token bucket for one connection's publishes. Hand-rolled on purpose: System.Threading.RateLimiting's
/// limiters each own a replenishment timer, far too heavy to keep one per idle connection; this is two
/// fields, refilled lazily from the clock when a publish asks.
/// </summary>
internal struct PublishBucket
{
    private double _tokens;
    private long _lastTicks;

    /// <summary>Takes one token; false when the connection is over its rate.</summary>
    public bool TryTake(double ratePerSecond, int burst, long nowTicks, long ticksPerSecond)
    {
        if (_lastTicks == 0)
        {
            _tokens = burst;
        }
        else
        {
            _tokens = Math.Min(burst, _tokens + ((nowTicks - _lastTicks) * ratePerSecond / ticksPerSecond));
        }

        _lastTicks = nowTicks;
        if (_tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }
}
