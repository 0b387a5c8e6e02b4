using Microsoft.Extensions.DependencyInjection;
using Realtime.Grains;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests.Durability;

/// <summary>
/// One co-hosted edge whose silo has the memory grain storage (<c>Cluster:Persistence=Memory</c>): the
/// <c>kept</c> namespace is durable, <c>fleeting</c> keeps the same history in memory only. Edges renew
/// every second, so a re-created channel is found within one.
/// </summary>
public sealed class DurabilityFixture : IAsyncLifetime
{
    /// <summary>Publications both namespaces keep.</summary>
    public const int HistorySize = 100;

    private EdgeServer? _edge;

    public EdgeServer Edge => _edge ?? throw new InvalidOperationException("not started");

    public string Realtime => Edge.Url + "/realtime";

    public IGrainFactory Grains => Edge.App.Services.GetRequiredService<IGrainFactory>();

    public static IReadOnlyDictionary<string, string?> Settings { get; } = Namespaces(new Dictionary<string, string?>
    {
        ["Cluster:Persistence"] = "Memory",
        ["Channels:EdgeLease"] = "00:00:03",
        ["Realtime:RenewInterval"] = "00:00:01",
    });

    /// <summary>Adds the <c>kept</c> (durable) and <c>fleeting</c> namespaces to <paramref name="settings"/>.</summary>
    public static Dictionary<string, string?> Namespaces(Dictionary<string, string?> settings)
    {
        foreach (var ns in new[] { "kept", "fleeting" })
        {
            settings[$"Namespaces:{ns}:Anonymous"] = "Subscribe, Publish, History";
            settings[$"Namespaces:{ns}:ClientPublish"] = "true";
            settings[$"Namespaces:{ns}:HistorySize"] = HistorySize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        settings["Namespaces:kept:Durable"] = "true";
        return settings;
    }

    public static string NewChannel(string ns) => ns + ":" + Guid.NewGuid().ToString("N")[..12];

    public async Task InitializeAsync() =>
        _edge = await EdgeServer.StartClusterAsync("durability-" + Guid.NewGuid().ToString("N")[..8], settings: Settings);

    public async Task DisposeAsync()
    {
        if (_edge is not null)
        {
            await _edge.DisposeAsync();
        }
    }
}
