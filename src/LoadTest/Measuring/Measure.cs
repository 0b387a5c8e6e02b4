using System.Diagnostics;

namespace Realtime.LoadTest.Measuring;

/// <summary>A measured window: wall time, server CPU and deliveries between start and stop.</summary>
internal sealed class Measure
{
    private readonly ServerProcess? _server;
    private readonly Counters _counters;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TimeSpan _cpuStart;
    private readonly long _deliveredStart;
    private readonly long _sentStart;
    private readonly TimeSpan _clientCpuStart = Environment.CpuUsage.TotalTime;

    private Measure(ServerProcess? server, Counters counters)
    {
        _server = server;
        _counters = counters;
        _cpuStart = server?.CpuTime() ?? TimeSpan.Zero;
        _deliveredStart = Interlocked.Read(ref counters.Delivered);
        _sentStart = Interlocked.Read(ref counters.Sent);
    }

    public static Measure Start(ServerProcess? server, Counters counters) => new(server, counters);

    public WindowResult Stop()
    {
        var cpu = (_server?.CpuTime() ?? TimeSpan.Zero) - _cpuStart;
        return new WindowResult(
            _clock.Elapsed,
            cpu,
            Interlocked.Read(ref _counters.Delivered) - _deliveredStart,
            Interlocked.Read(ref _counters.Sent) - _sentStart,
            _server?.RssKiB() ?? 0,
            Environment.CpuUsage.TotalTime - _clientCpuStart);
    }
}
