using Realtime.TestKit;

namespace Realtime.MultiProcess.Tests;

/// <summary>Where the built silo and edge live: their own output folders, same configuration as this test build.</summary>
internal static class Binaries
{
    private static readonly string Root = RepoPaths.Root;
    /// <summary>Debug or Release, as this test build.</summary>
    public static readonly string Configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string Silo => Path.Combine(Root, "src", "Silo", "bin", Configuration, "net10.0", "Realtime.Orleans.Silo.dll");

    public static string Edge => Path.Combine(Root, "src", "Edge", "bin", Configuration, "net10.0", "Realtime.Orleans.Edge.dll");

    public static string EdgeContentRoot => Path.Combine(Root, "src", "Edge");

    public static string LoadTool => Path.Combine(Root, "src", "LoadTest", "bin", Configuration, "net10.0", "Realtime.Orleans.LoadTest.dll");

    public static string LocalClusterScript => Path.Combine(Root, "deploy", "local-cluster.sh");
}
