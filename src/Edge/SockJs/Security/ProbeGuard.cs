using System.Collections.Concurrent;
using System.Net;
using System.Threading.RateLimiting;

namespace Realtime.Edge.SockJs.Security;

/// <summary>
/// Limits how many requests to unknown or foreign session ids one client address (IPv6: one /64) makes
/// (<see cref="SockJsOptions.ProbeBudget"/> per <see cref="SockJsOptions.ProbeWindow"/>). An address
/// past its budget is blocked: all its HTTP-transport session requests get 429 until the window ends,
/// hits included, so guessing gains nothing from ignoring the 429s.
/// </summary>
internal sealed class ProbeGuard : IDisposable
{
    // Past this many blocked addresses, expired blocks are swept when another is added.
    private const int SweepAbove = 10_000;
    private readonly PartitionedRateLimiter<IPAddress>? _budget;
    private readonly ConcurrentDictionary<IPAddress, long> _blockedUntil = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _window;

    public ProbeGuard(SockJsOptions options, TimeProvider time)
    {
        _time = time;
        _window = options.ProbeWindow;
        if (options.ProbeBudget > 0)
        {
            var limit = options.ProbeBudget;
            var window = options.ProbeWindow;
            _budget = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetFixedWindowLimiter(
                address,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = window, QueueLimit = 0, AutoReplenishment = true }));
        }
    }

    /// <summary>Whether <paramref name="address"/> spent its budget and is still blocked; how long for in <paramref name="retryAfter"/>.</summary>
    public bool IsBlocked(IPAddress? address, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        var key = ClientKey.Of(address);
        if (_blockedUntil.IsEmpty || !_blockedUntil.TryGetValue(key, out var until))
        {
            return false;
        }

        var left = _time.GetElapsedTime(_time.GetTimestamp(), until);
        if (left > TimeSpan.Zero)
        {
            retryAfter = left;
            return true;
        }

        _blockedUntil.TryRemove(new KeyValuePair<IPAddress, long>(key, until));
        return false;
    }

    /// <summary>Counts one probe; false when it is over the budget (the address is blocked from now on).</summary>
    public bool TryProbe(IPAddress? address, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (_budget is null)
        {
            return true;
        }

        var key = ClientKey.Of(address);
        RateLimitLease lease;
        try
        {
            lease = _budget.AttemptAcquire(key);
        }
        catch (ObjectDisposedException)
        {
            // The host is stopping.
            return true;
        }

        using var held = lease;
        if (lease.IsAcquired)
        {
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero ? wait : _window;
        var now = _time.GetTimestamp();
        if (_blockedUntil.Count > SweepAbove)
        {
            foreach (var (blocked, expires) in _blockedUntil)
            {
                if (expires <= now)
                {
                    _blockedUntil.TryRemove(new KeyValuePair<IPAddress, long>(blocked, expires));
                }
            }
        }

        _blockedUntil[key] = now + (long)(retryAfter.TotalSeconds * _time.TimestampFrequency);
        return false;
    }

    public void Dispose() => _budget?.Dispose();
}
