using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Realtime.TestKit;

/// <summary>
/// Runs one script of tests/clients with node: JSON in on stdin, one JSON line out on stdout. The
/// process (and whatever it started, Chromium included) is killed if it outlives its deadline or
/// the test fails.
/// </summary>
public static class NodeScript
{
    /// <summary>Property names as the JS scripts write them (camelCase).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Runs <paramref name="script"/> with <paramref name="input"/> and parses its last stdout line as <typeparamref name="T"/>.</summary>
    public static async Task<T> RunAsync<T>(string script, object input, TimeSpan deadline, string what)
    {
        var start = new ProcessStartInfo(Prerequisites.RequireNode())
        {
            WorkingDirectory = RepoPaths.Clients,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(RepoPaths.Clients, script));

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"node did not start for {script}");
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.StandardInput.WriteAsync(JsonSerializer.Serialize(input, Json));
            process.StandardInput.Close();

            try
            {
                await Eventually.WithinAsync(
                    process.WaitForExitAsync().ContinueWith(_ => true, TaskScheduler.Default),
                    $"node {script} to finish ({what})",
                    deadline);
            }
            catch (TimeoutException timeout)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                throw new TimeoutException(
                    $"{timeout.Message}; killed it. stdout:\n{Truncate(await stdout)}\nstderr:\n{Truncate(await stderr)}", timeout);
            }

            var output = await stdout;
            var errors = await stderr;
            var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            if (line is null)
            {
                throw new InvalidOperationException(
                    $"node {script} ({what}) printed no result; exit code {process.ExitCode}; stderr:\n{Truncate(errors)}");
            }

            try
            {
                return JsonSerializer.Deserialize<T>(line, Json)
                    ?? throw new InvalidOperationException($"node {script} ({what}) printed null");
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException(
                    $"node {script} ({what}) printed a line that is not its JSON result: {Truncate(line)}\nstderr:\n{Truncate(errors)}", e);
            }
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

    private static string Truncate(string text) => text.Length <= 4000 ? text : text[..4000] + $"... ({text.Length} chars)";
}
