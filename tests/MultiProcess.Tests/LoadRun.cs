using System.Globalization;
using System.Text.Json.Nodes;
using Realtime.TestKit;

namespace Realtime.MultiProcess.Tests;

/// <summary>One run of the load tool (<c>src/LoadTest</c>) as a child process, with its JSON report.</summary>
internal sealed class LoadRun : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly string _reportFile;
    private readonly TimeSpan _deadline;

    private LoadRun(ChildProcess process, string reportFile, TimeSpan deadline)
    {
        _process = process;
        _reportFile = reportFile;
        _deadline = deadline;
    }

    /// <summary>Starts the tool in realtime mode (<c>load:cN</c> channels); <paramref name="deadline"/> bounds the whole run.</summary>
    public static LoadRun Start(string url, int connections, int channels, int publishPerSecond, TimeSpan warmup, TimeSpan duration, TimeSpan deadline)
    {
        var reportFile = Path.Combine(Path.GetTempPath(), "realtime-load-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        string Seconds(TimeSpan span) => span.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s";
        var process = ChildProcess.Start("load", "dotnet", [
            Binaries.LoadTool,
            "--mode", "realtime",
            "--url", url + "/realtime",
            "--transport", "websocket",
            "--connections", connections.ToString(CultureInfo.InvariantCulture),
            "--ramp", connections.ToString(CultureInfo.InvariantCulture) + "/s",
            "--channels", channels.ToString(CultureInfo.InvariantCulture),
            "--publish-rate", publishPerSecond.ToString(CultureInfo.InvariantCulture) + "/s",
            "--payload", "128",
            "--warmup", Seconds(warmup),
            "--duration", Seconds(duration),
            "--max-loss", "0",
            "--json", reportFile,
            "--quiet",
        ]);
        return new LoadRun(process, reportFile, deadline);
    }

    /// <summary>What the tool printed last, for failure messages.</summary>
    public string Tail => _process.Tail;

    /// <summary>Waits for the tool to finish and returns its exit code and report.</summary>
    public async Task<(int ExitCode, JsonObject Report)> FinishAsync()
    {
        var exitCode = await _process.WaitForExitAsync("the load tool to finish its run", _deadline);
        Assert.True(File.Exists(_reportFile), $"the load tool wrote no report (exit code {exitCode})\n{_process.Tail}");
        var report = JsonNode.Parse(await File.ReadAllTextAsync(_reportFile))!.AsObject();
        return (exitCode, report);
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        File.Delete(_reportFile);
    }
}
