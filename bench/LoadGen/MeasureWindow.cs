using System.Diagnostics;

namespace Realtime.Bench.LoadGen;

/// <summary>A measurement window: wall time, the server's CPU ticks (if a PID is known) and this process's CPU.</summary>
public sealed class MeasureWindow(LoadGenOptions options)
{
    private long startTimestamp;
    private long startTicks;
    private TimeSpan startClientCpu;

    /// <summary>Wall-clock length of the window, set by <see cref="Stop"/>.</summary>
    public double Seconds { get; private set; }

    /// <summary>Server utime+stime spent in the window, in seconds; null without <c>--server-pid</c>.</summary>
    public double? ServerCpuSeconds { get; private set; }

    /// <summary>This load generator's own CPU use in the window, in cores.</summary>
    public double ClientCpuCores { get; private set; }

    /// <summary>Opens the window.</summary>
    public void Start()
    {
        startTicks = options.ServerPid is { } pid ? ProcStats.CpuTicks(pid) : 0;
        startClientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        startTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>Closes the window and computes its figures.</summary>
    public void Stop()
    {
        Seconds = Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;
        ClientCpuCores = (Process.GetCurrentProcess().TotalProcessorTime - startClientCpu).TotalSeconds / Seconds;
        if (options.ServerPid is { } pid)
        {
            ServerCpuSeconds = (ProcStats.CpuTicks(pid) - startTicks) / (double)options.ClockTicksPerSecond;
        }
    }

    /// <summary>Copies the window's figures into <paramref name="result"/>.</summary>
    public void Fill(RunResult result)
    {
        result.WindowSeconds = Math.Round(Seconds, 3);
        result.ClientCpuCores = Math.Round(ClientCpuCores, 3);
        result.ServerPid = options.ServerPid;
        if (ServerCpuSeconds is { } cpu)
        {
            result.ServerCpuSeconds = cpu;
            result.ServerCpuCores = Math.Round(cpu / Seconds, 3);
        }
    }
}
