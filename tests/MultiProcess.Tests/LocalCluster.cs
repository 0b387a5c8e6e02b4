using System.Globalization;
using Realtime.TestKit;

namespace Realtime.MultiProcess.Tests;

/// <summary>
/// The topology of <c>deploy/local-cluster.sh</c> (redis-server, two silos, two client edges, nginx round robin),
/// started, restarted and stopped through the script itself, in a run directory of its own. Disposing stops it,
/// and kills from the pid files whatever the script's stop left behind.
/// </summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    private static readonly TimeSpan CommandDeadline = TimeSpan.FromMinutes(3);

    private readonly string _runDirectory;
    private readonly Dictionary<string, string> _environment;
    private Dictionary<string, string> _ports = [];

    private LocalCluster(string runDirectory, Dictionary<string, string> environment)
    {
        _runDirectory = runDirectory;
        _environment = environment;
    }

    /// <summary>nginx's address: <c>http://127.0.0.1:PORT</c>.</summary>
    public string Url { get; private set; } = "";

    /// <summary>Each edge's own address, behind nginx.</summary>
    public IReadOnlyList<string> EdgeUrls { get; private set; } = [];

    /// <summary>Runs <c>local-cluster.sh start</c> with these settings (.NET environment form) for silos and edges.</summary>
    public static async Task<LocalCluster> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        Prerequisites.RequireRedisServer();
        Prerequisites.RequireNginx();
        var runDirectory = Path.Combine(Path.GetTempPath(), "realtime-lc-" + Guid.NewGuid().ToString("N")[..8]);
        var environment = new Dictionary<string, string>(settings)
        {
            ["REALTIME_RUN_DIR"] = runDirectory,
            ["REALTIME_CONFIGURATION"] = Binaries.Configuration,
            ["REALTIME_ENVIRONMENT"] = "Production",
            ["REALTIME_READY_TIMEOUT"] = "90",
        };
        var cluster = new LocalCluster(runDirectory, environment);
        try
        {
            await cluster.RunAsync("start");
            var ports = cluster._ports = cluster.ReadPorts();
            cluster.Url = "http://127.0.0.1:" + ports["NGINX_PORT"];
            cluster.EdgeUrls = ["http://127.0.0.1:" + ports["EDGE1_PORT"], "http://127.0.0.1:" + ports["EDGE2_PORT"]];
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A graceful restart of one process on its ports (<c>local-cluster.sh restart NAME</c>), waiting until it is ready again.</summary>
    public Task RestartAsync(string name) => RunAsync("restart", name);

    /// <summary>
    /// Each edge's <c>realtime_edge_sessions</c> from its own <c>/metrics</c> (nginx hides it); 0 for an edge that
    /// does not answer.
    /// </summary>
    public async Task<long[]> SessionsPerEdgeAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var sessions = new long[EdgeUrls.Count];
        for (var i = 0; i < sessions.Length; i++)
        {
            try
            {
                // `realtime_edge_sessions{labels} VALUE [TIMESTAMP]`
                var text = await http.GetStringAsync(EdgeUrls[i] + "/metrics");
                var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("realtime_edge_sessions{", StringComparison.Ordinal) || l.StartsWith("realtime_edge_sessions ", StringComparison.Ordinal));
                sessions[i] = line is null ? 0 : (long)double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                sessions[i] = 0;
            }
        }

        return sessions;
    }

    /// <summary>The log of one process of the topology, for failure messages.</summary>
    public string Log(string name)
    {
        var path = Path.Combine(_runDirectory, "logs", name + ".log");
        return File.Exists(path) ? name + " log:\n" + string.Join('\n', File.ReadLines(path).TakeLast(40)) : name + ": no log";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("stop");
        }
        finally
        {
            KillLeftovers();
            try
            {
                Directory.Delete(_runDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A process still writing its log; the directory is in the temp folder.
            }
        }
    }

    private async Task RunAsync(params string[] command)
    {
        await using var script = ChildProcess.Start("local-cluster " + string.Join(' ', command), "bash", [Binaries.LocalClusterScript, .. command], RepoPaths.Root, _environment);
        var exitCode = await script.WaitForExitAsync($"local-cluster.sh {string.Join(' ', command)} to finish", CommandDeadline);
        Assert.True(exitCode == 0, $"local-cluster.sh {string.Join(' ', command)} exited with {exitCode}\n{script.Tail}");
    }

    private Dictionary<string, string> ReadPorts() =>
        File.ReadLines(Path.Combine(_runDirectory, "ports.env"))
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1]);

    /// <summary>
    /// Whatever a failed stop left running. A pid may have been reused by then, so only a process whose command
    /// line names this run (directory, cluster id or Redis port), as the script itself checks, is killed.
    /// </summary>
    private void KillLeftovers()
    {
        var pids = Path.Combine(_runDirectory, "pids");
        if (!Directory.Exists(pids) || !_ports.TryGetValue("CLUSTER_ID", out var clusterId) || !_ports.TryGetValue("REDIS_PORT", out var redisPort))
        {
            return;
        }

        foreach (var file in Directory.GetFiles(pids, "*.pid"))
        {
            if (!int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
                if (commandLine.Contains(_runDirectory, StringComparison.Ordinal)
                    || commandLine.Contains("ClusterId=" + clusterId, StringComparison.Ordinal)
                    || commandLine.Contains("redis-server 127.0.0.1:" + redisPort, StringComparison.Ordinal))
                {
                    using var process = System.Diagnostics.Process.GetProcessById(pid);
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        }
    }
}
