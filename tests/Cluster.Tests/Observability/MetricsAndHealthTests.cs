using System.Globalization;
using System.Net;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests.Observability;

/// <summary>
/// <c>/metrics</c> in Prometheus text format with the edge's, the SockJS layer's and Orleans' instruments,
/// and the health endpoints: live while the process serves, ready only while the cluster answers.
/// OpenTelemetry listens to meters by name process-wide, so these run alone (<see cref="SerialCollection"/>):
/// otherwise every edge the other tests start would add to the counts.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class MetricsAndHealthTests
{
    [Fact]
    public async Task Metrics_CountConnectionsByTransport_RequestsDeliveriesAndLatencies()
    {
        await using var edge = await EdgeServer.StartClusterAsync("metrics-" + Guid.NewGuid().ToString("N")[..8], settings: new Dictionary<string, string?>
        {
            ["Namespaces:m:Anonymous"] = "All",
            ["Namespaces:m:ClientPublish"] = "true",
            ["Auth:AllowAnonymous"] = "true",
        });
        using var http = new HttpClient { BaseAddress = new Uri(edge.Url) };
        await using var client = await RealtimeClient.ConnectAsync(edge.Url + "/realtime");
        Assert.True((await client.RequestAsync("subscribe", r => r["channel"] = "m:room"))["ok"] is not null);
        Assert.True((await client.RequestAsync("publish", r => { r["channel"] = "m:room"; r["data"] = 1; }))["ok"] is not null);
        await client.WaitForPushesAsync(p => p.Any(m => (string?)m["push"] == "message"), "the publication");
        await using (var stranger = await RealtimeClient.OpenAsync(edge.Url + "/realtime"))
        {
            Assert.Equal(401, (int?)(await stranger.RequestAsync("connect", r => r["token"] = "not-a-token"))["error"]?["code"]);
        }

        // The exporter caches a scrape briefly; wait for one taken after the traffic above.
        string text = string.Empty;
        await Eventually.TrueAsync(
            async () =>
            {
                text = await http.GetStringAsync("/metrics");
                return Value(text, "realtime_edge_messages_out_total") >= 1 && Value(text, "realtime_edge_connections", "transport=\"websocket\"") == 1;
            },
            "a scrape that counts the delivered publication and no longer the refused connection");

        Assert.Equal(1, Value(text, "realtime_edge_sessions"));
        Assert.Equal(1, Value(text, "realtime_edge_subscriptions"));
        Assert.Equal(1, Value(text, "realtime_edge_requests_total", "op=\"publish\""));
        Assert.Equal(1, Value(text, "realtime_edge_auth_failures_total"));
        Assert.True(Value(text, "realtime_edge_fanout_duration_seconds_count") >= 1, "fan-out histogram");
        Assert.True(Value(text, "realtime_edge_publish_to_send_duration_seconds_count") >= 1, "publish-to-send histogram");
        Assert.Contains("realtime_sockjs_queued_bytes", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE orleans_", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_FollowsTheCluster_WhileLiveStaysUp()
    {
        var clusterId = "health-" + Guid.NewGuid().ToString("N")[..8];
        var silo = await EdgeServer.StartClusterAsync(clusterId);
        var siloStopped = false;
        EdgeServer? client = null;
        try
        {
            client = await EdgeServer.StartAsync(new Dictionary<string, string?>
            {
                ["Cluster:Mode"] = "Client",
                ["Cluster:ClusterId"] = clusterId,
                ["Cluster:GatewayPorts"] = silo.App.Configuration["Cluster:GatewayPort"],
            });
            using var http = new HttpClient { BaseAddress = new Uri(client.Url) };
            await Eventually.TrueAsync(async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, "the client edge to be ready");
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);

            siloStopped = true;
            await silo.DisposeAsync();
            await Eventually.TrueAsync(
                async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable,
                "the client edge to report not ready once its only silo is gone",
                TimeSpan.FromSeconds(30));
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            if (client is not null)
            {
                await client.DisposeAsync();
            }

            if (!siloStopped)
            {
                await silo.DisposeAsync();
            }
        }
    }

    // The value of the first sample of metric (exact name) whose labels contain the given label.
    private static double Value(string text, string metric, string? label = null)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(metric, StringComparison.Ordinal) && line.Length > metric.Length && line[metric.Length] is '{' or ' '
                && (label is null || line.Contains(label, StringComparison.Ordinal)))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return double.Parse(parts[line.Contains('}', StringComparison.Ordinal) ? Array.FindIndex(parts, p => p.EndsWith('}')) + 1 : 1], CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }
}
