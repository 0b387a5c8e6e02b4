using Xunit;
namespace Realtime.TestKit;

/// <summary>
/// Checks what the real-client tests need outside .NET: Node.js, the npm packages of tests/clients
/// and Debian's Chromium. A missing piece fails the test with what to install; it never skips.
/// </summary>
public static class Prerequisites
{
    /// <summary>Debian's Chromium, driven through playwright-core (which never downloads a browser).</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The node executable on PATH; fails the test when there is none.</summary>
    public static string RequireNode()
    {
        var node = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "node"))
            .FirstOrDefault(File.Exists);
        if (node is null)
        {
            Assert.Fail(Missing("Node.js (20 or later) is not on PATH", "install Node.js 20+ so that `node` is on PATH"));
        }

        return node;
    }

    /// <summary>Fails the test unless <c>npm ci --prefix tests/clients</c> has been run.</summary>
    public static void RequireClientPackages()
    {
        var modules = Path.Combine(RepoPaths.Clients, "node_modules");
        string[] needed =
        [
            RepoPaths.SockJsClientScript,
            Path.Combine(modules, "sockjs-client", "package.json"),
            Path.Combine(modules, "playwright-core", "package.json"),
        ];
        var absent = needed.Where(f => !File.Exists(f)).ToList();
        if (absent.Count > 0)
        {
            Assert.Fail(Missing(
                $"the npm packages of tests/clients are not installed (missing: {string.Join(", ", absent)})",
                "run `npm ci --prefix tests/clients` from the repository root"));
        }
    }

    /// <summary>Fails the test unless Debian's Chromium is at <see cref="ChromiumPath"/>.</summary>
    public static void RequireChromium()
    {
        if (!File.Exists(ChromiumPath))
        {
            Assert.Fail(Missing(
                $"Chromium is not installed at {ChromiumPath}",
                "install Debian's package: `apt-get update && apt-get install -y chromium`"));
        }
    }

    private static string Missing(string what, string fix) => InCi
        ? $"Real-client test cannot run in CI: {what}. .ci/run must set this up before `dotnet test`: {fix}."
        : $"Real-client test cannot run: {what}. To fix: {fix}. (These tests fail rather than skip when a prerequisite is missing.)";
}
