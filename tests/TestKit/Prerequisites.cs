using Xunit;
namespace Realtime.TestKit;

/// <summary>
/// Checks what tests need outside .NET: Node.js, the npm packages of tests/clients, Debian's Chromium,
/// redis-server and nginx. A missing piece fails the test with what to install; it never skips.
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

    /// <summary>Debian's redis-server; fails the test when it is not installed.</summary>
    public static string RequireRedisServer() => RequireDebianBinary("redis-server", ["/usr/bin/redis-server"], "redis-server");

    /// <summary>Debian's nginx (in /usr/sbin, which a non-root PATH may lack); fails the test when it is not installed.</summary>
    public static string RequireNginx() => RequireDebianBinary("nginx", ["/usr/sbin/nginx", "/usr/bin/nginx"], "nginx");

    private static string RequireDebianBinary(string name, string[] paths, string package)
    {
        var found = paths.FirstOrDefault(File.Exists);
        if (found is null)
        {
            Assert.Fail(Missing($"{name} is not installed (looked at {string.Join(", ", paths)})", $"install Debian's package: `apt-get update && apt-get install -y {package}`"));
        }

        return found;
    }

    private static string Missing(string what, string fix) => InCi
        ? $"Test cannot run in CI: {what}. .ci/run must set this up before `dotnet test`: {fix}."
        : $"Test cannot run: {what}. To fix: {fix}. (These tests fail rather than skip when a prerequisite is missing.)";
}
