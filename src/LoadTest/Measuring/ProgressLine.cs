using System.Globalization;

namespace Realtime.LoadTest.Measuring;

/// <summary>
/// Once a second on stderr: sessions up, deliveries per second and p50/p99 of the last second, and the running
/// counts of loss, repeats, errors and reconnects. On a terminal the line is rewritten in place.
/// </summary>
internal sealed class ProgressLine : IDisposable
{
    private readonly LoadOptions _options;
    private readonly Counters _counters;
    private readonly Timer _timer;
    private readonly bool _inPlace = !Console.IsErrorRedirected;
    private long _lastReceived;
    private long _lastTicks = Environment.TickCount64;

    public ProgressLine(LoadOptions options, Counters counters)
    {
        _options = options;
        _counters = counters;
        _timer = new Timer(_ => Print(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public void Dispose()
    {
        _timer.Dispose();
        if (_inPlace)
        {
            Console.Error.WriteLine();
        }
    }

    private void Print()
    {
        var c = _counters;
        var now = Environment.TickCount64;
        var received = Interlocked.Read(ref c.Received);
        var perSecond = (received - _lastReceived) * 1000.0 / Math.Max(1, now - _lastTicks);
        (_lastReceived, _lastTicks) = (received, now);
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"up {Interlocked.Read(ref c.Up)}/{_options.Connections}  deliveries/s {perSecond:0}  p50 {c.Live.PercentileMs(0.5):0.00} ms  p99 {c.Live.PercentileMs(0.99):0.00} ms  lost {Interlocked.Read(ref c.Lost)}  dup {Interlocked.Read(ref c.Duplicated)}  errors {Interlocked.Read(ref c.Errors)}  connect failures {Interlocked.Read(ref c.ConnectFailures)}  drops {Interlocked.Read(ref c.Dropped)}  reconnects {Interlocked.Read(ref c.Reconnects)}");
        c.Live.Reset();
        Console.Error.Write(_inPlace ? "\r" + line.PadRight(140) : line + "\n");
    }
}
