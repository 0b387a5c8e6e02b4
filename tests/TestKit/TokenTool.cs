using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Realtime.TestKit;

/// <summary>
/// The edge's token tool run as operators run it: a separate process,
/// <c>dotnet src/Edge/bin/&lt;Configuration&gt;/net10.0/Realtime.Orleans.Edge.dll token ...</c>. The process is
/// killed (with its tree) when it outlives its deadline or the caller fails.
/// </summary>
public static class TokenTool
{
    /// <summary>The built edge of this test build's configuration.</summary>
    public static string EdgeDll => Path.Combine(RepoPaths.Root, "src", "Edge", "bin", Configuration, "net10.0", "Realtime.Orleans.Edge.dll");

    private static string Configuration =>
        typeof(TokenTool).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>
    /// Runs <c>token</c> with <paramref name="arguments"/> (<c>--secret S --sub alice --caps ...</c>) and returns the
    /// token it printed; throws with the tool's output when it fails, prints no JWT or passes <paramref name="deadline"/>
    /// (default 60 s: a cold <c>dotnet</c> start on a busy machine takes seconds).
    /// </summary>
    public static async Task<string> CreateAsync(IEnumerable<string> arguments, TimeSpan? deadline = null)
    {
        var limit = deadline ?? TimeSpan.FromSeconds(60);
        if (!File.Exists(EdgeDll))
        {
            throw new InvalidOperationException($"The edge is not built at {EdgeDll}; run `dotnet build` first.");
        }

        var start = new ProcessStartInfo(DotNetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(EdgeDll);
        start.ArgumentList.Add("token");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The secret stays out of failure messages.
        var shown = start.ArgumentList.Skip(1).Select((a, i) => i > 0 && start.ArgumentList[i] == "--secret" ? "***" : a);
        var what = "dotnet Realtime.Orleans.Edge.dll " + string.Join(' ', shown);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{what} did not start");
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using (var cts = new CancellationTokenSource(limit))
            {
                try
                {
                    await process.WaitForExitAsync(cts.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                    throw new TimeoutException(
                        $"Timed out after {limit.TotalSeconds:0.#} s waiting for: {what} to exit; killed it. stdout:\n{await stdout}\nstderr:\n{await stderr}");
                }
            }

            var output = (await stdout).Trim();
            var errors = await stderr;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{what} exited with {process.ExitCode}. stdout:\n{output}\nstderr:\n{errors}");
            }

            if (output.Split('.').Length != 3 || output.Any(char.IsWhiteSpace))
            {
                throw new InvalidOperationException($"{what} printed something other than one JWT:\n{output}\nstderr:\n{errors}");
            }

            return output;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    /// <summary>The <c>dotnet</c> that runs this test (the SDK sets <c>DOTNET_HOST_PATH</c>), else the one on PATH.</summary>
    private static string DotNetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
