using System.Collections.Concurrent;
using System.Diagnostics;

namespace Realtime.TestKit;

/// <summary>
/// A process a test started: output kept for failure messages (and copied whole to
/// <c>$MULTIPROCESS_LOG_DIR/&lt;name&gt;.log</c> when that variable is set), killed (whole tree) on dispose.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private static readonly string? LogDirectory = Environment.GetEnvironmentVariable("MULTIPROCESS_LOG_DIR");
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly StreamWriter? _log;

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        if (!string.IsNullOrEmpty(LogDirectory))
        {
            Directory.CreateDirectory(LogDirectory);
            _log = new StreamWriter(Path.Combine(LogDirectory, name + ".log"), append: false) { AutoFlush = true };
        }
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process printed, for failure messages.</summary>
    public string Tail => Name + " output:\n" + string.Join('\n', _output.TakeLast(40));

    public static ChildProcess Start(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>All the output kept so far (the last 400 lines), for parsing a command's answer.</summary>
    public IReadOnlyList<string> Output => _output.ToArray();

    /// <summary>Waits for the process to end by itself and returns its exit code; kills it and fails naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(string what, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for: {what}\n{Tail}");
        }

        // The exit can be seen before the last redirected lines were handed over; this waits for them.
        await _process.WaitForExitAsync(CancellationToken.None);
        return _process.ExitCode;
    }

    /// <summary>Kills the process at once, as a crash would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        finally
        {
            _process.Dispose();
            lock (_output)
            {
                _log?.Dispose();
            }
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        if (_log is not null)
        {
            lock (_output)
            {
                try
                {
                    _log.WriteLine(DateTime.UtcNow.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture) + " " + line);
                }
                catch (ObjectDisposedException)
                {
                    // Output that arrives after the process was disposed.
                }
            }
        }

        while (_output.Count > 400 && _output.TryDequeue(out _))
        {
        }
    }
}
