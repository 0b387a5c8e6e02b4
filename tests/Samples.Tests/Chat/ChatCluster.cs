using System.Globalization;
using Realtime.Samples.Chat.Hosting;

namespace Realtime.Samples.Tests.Chat;

/// <summary>
/// Two chat sample hosts (<see cref="ChatHost"/>, each an edge with a co-hosted silo) forming one cluster on
/// free loopback ports, configured by the sample's own appsettings.json and serving its wwwroot. Only the
/// ports, the cluster id and the local sockjs-client build are set here. A host that fails to start fails
/// every test of the collection with its exception.
/// </summary>
public sealed class ChatCluster() : TwoEdgeCluster("chat-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture)[..8], Settings(), ChatHost.Build)
{
    /// <summary>The sample's project directory: its appsettings.json and wwwroot.</summary>
    public static string SampleDirectory => Path.Combine(RepoPaths.Root, "samples", "Chat");

    /// <summary>What every sample host of the tests runs with besides ports: the sample's configuration as shipped.</summary>
    public static Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["contentRoot"] = SampleDirectory,
            ["Edge:ProtocolTestEndpoints"] = "false",
            ["Edge:SockJsClientFile"] = RepoPaths.SockJsClientScript,
            ["Edge:SockJsClientUrl"] = "/lib/sockjs.min.js",
        };

        // EdgeServer opens every namespace by default; the sample's appsettings.json decides here.
        foreach (var key in EdgeServer.OpenAccess.Keys)
        {
            settings[key] = null;
        }

        return settings;
    }
}
