using System.Diagnostics;

namespace Realtime.Bench.LoadGen;

/// <summary>
/// A measurement window: wall time, the server's user and system CPU ticks (with <c>--server-pid</c>),
/// this process's CPU, and the whole machine's busy time (to show how much other work shared the cores).
/// </summary>
public sealed class MeasureWindow(LoadGenOptions options)
{
    private long startTimestamp;
    private (long User, long System) startServer;
    private long startMachine;
    private TimeSpan startClient;
    private long startAllocated;

    /// <summary>Wall-clock length of the window, set by <see cref="Stop"/>.</summary>
    public double Seconds { get; private set; }

    /// <summary>Server user CPU seconds in the window; null without <c>--server-pid</c>.</summary>
    public double? ServerUserSeconds { get; private set; }

    /// <summary>Server system CPU seconds in the window; null without <c>--server-pid</c>.</summary>
    public double? ServerSystemSeconds { get; private set; }

    /// <summary>Server utime + stime in the window, in seconds; null without <c>--server-pid</c>.</summary>
    public double? ServerCpuSeconds => ServerUserSeconds + ServerSystemSeconds;

    /// <summary>Opens the window.</summary>
    public void Start()
    {
        startServer = options.ServerPid is { } pid ? ProcStats.CpuTicks(pid) : default;
        startMachine = ProcStats.MachineBusyTicks();
        startClient = Process.GetCurrentProcess().TotalProcessorTime;
        startAllocated = GC.GetTotalAllocatedBytes();
        startTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>Closes the window and fills <paramref name="result"/> with its figures.</summary>
    public void Stop(RunResult result)
    {
        Seconds = Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;
        double tick = options.ClockTicksPerSecond;
        var clientCores = (Process.GetCurrentProcess().TotalProcessorTime - startClient).TotalSeconds / Seconds;
        var machineCores = (ProcStats.MachineBusyTicks() - startMachine) / tick / Seconds;
        result.WindowSeconds = Math.Round(Seconds, 3);
        result.ClientCpuCores = Math.Round(clientCores, 3);
        result.MachineBusyCores = Math.Round(machineCores, 3);
        result.ClientAllocatedBytes = GC.GetTotalAllocatedBytes() - startAllocated;
        if (options.ServerPid is not { } pid)
        {
            return;
        }

        var (user, system) = ProcStats.CpuTicks(pid);
        ServerUserSeconds = (user - startServer.User) / tick;
        ServerSystemSeconds = (system - startServer.System) / tick;
        result.ServerPid = pid;
        result.ServerCpuSeconds = ServerCpuSeconds;
        result.ServerCpuCores = Math.Round(ServerCpuSeconds!.Value / Seconds, 3);
        result.OtherLoadCores = Math.Round(Math.Max(0, machineCores - clientCores - result.ServerCpuCores.Value), 3);
    }

    /// <summary>Server user, system and total CPU per <paramref name="count"/> events, in µs; nulls when unknown.</summary>
    public (double? User, double? System, double? Total) MicrosPer(long count) =>
        count <= 0 || ServerUserSeconds is null
            ? (null, null, null)
            : (Math.Round(ServerUserSeconds.Value * 1e6 / count, 3),
               Math.Round(ServerSystemSeconds!.Value * 1e6 / count, 3),
               Math.Round(ServerCpuSeconds!.Value * 1e6 / count, 3));
}
