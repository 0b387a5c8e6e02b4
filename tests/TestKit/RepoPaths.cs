namespace Realtime.TestKit;

/// <summary>Where the repository and the JS test clients (tests/clients) are on this machine.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The directory holding Realtime.Orleans.sln, found by walking up from the test binaries.</summary>
    public static string Root => RootPath.Value;

    /// <summary>tests/clients: the npm package with the Node and browser drivers.</summary>
    public static string Clients => Path.Combine(Root, "tests", "clients");

    /// <summary>The sockjs-client build that both the test page and the edge serve.</summary>
    public static string SockJsClientScript => Path.Combine(Clients, "node_modules", "sockjs-client", "dist", "sockjs.min.js");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Realtime.Orleans.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No directory above {AppContext.BaseDirectory} holds Realtime.Orleans.sln; run the tests from the repository.");
    }
}
