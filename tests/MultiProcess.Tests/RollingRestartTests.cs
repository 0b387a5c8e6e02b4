using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Realtime.TestKit;
using Xunit.Abstractions;

namespace Realtime.MultiProcess.Tests;

/// <summary>
/// The rolling restart of docs/operations.md on the local topology, with clients that reconnect and resume as
/// the protocol asks: an edge drains, then a silo restarts, while the app publishes through the server API.
/// </summary>
public sealed class RollingRestartTests(ITestOutputHelper output)
{
    private const string ApiKey = "rolling-restart-test-key-0123456789abcdef";
    private const int Subscribers = 8;

    [Fact]
    public async Task EdgeDrainThenSiloRestart_ThroughNginx_EveryClientResumesWithEveryOffset()
    {
        var settings = new Dictionary<string, string>(LocalTopologyLoadTests.Settings) { ["Api__Keys__0__Key"] = ApiKey };
        await using var cluster = await LocalCluster.StartAsync(settings);
        var channel = "load:roll-" + Guid.NewGuid().ToString("N")[..8];
        var subscribers = new List<ResumingSubscriber>();
        try
        {
            for (var i = 0; i < Subscribers; i++)
            {
                subscribers.Add(await ResumingSubscriber.StartAsync(cluster.Url + "/realtime", channel));
            }

            var sessions = await cluster.SessionsPerEdgeAsync();
            output.WriteLine("sessions per edge: " + string.Join(", ", sessions));
            Assert.True(sessions.All(s => s > 0), "nginx put every subscriber on one edge: " + string.Join(", ", sessions));

            using var publishing = new CancellationTokenSource();
            var publisher = Task.Run(() => PublishAsync(cluster.Url, channel, publishing.Token));
            await AwaitEveryOffsetAsync(subscribers, () => 20, "20 publications on every subscriber before the restarts", cluster);

            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.f} restarting edge1");
            await cluster.RestartAsync("edge1");
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.f} edge1 restarted");
            await cluster.RestartAsync("silo1");
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.f} silo1 restarted");
            await AwaitEveryOffsetAsync(subscribers, () => subscribers.Max(s => s.LastOffset) + 20, "20 more publications on every subscriber after the restarts", cluster);

            await publishing.CancelAsync();
            var last = await publisher;
            await AwaitEveryOffsetAsync(subscribers, () => last, $"every subscriber at the last publication, offset {last}", cluster);

            foreach (var subscriber in subscribers)
            {
                Assert.True(subscriber.Problems.Count == 0, "a subscriber saw a loss:\n  " + subscriber.Journal + "\n" + cluster.Log("edge1") + "\n" + cluster.Log("edge2"));
                Assert.Equal(Enumerable.Range((int)subscriber.StartOffset + 1, (int)(last - subscriber.StartOffset)).Select(o => (long)o), subscriber.Offsets);
            }

            output.WriteLine("resumes per subscriber: " + string.Join(", ", subscribers.Select(s => s.Resumes)));
            Assert.True(subscribers.Sum(s => s.Resumes) > 0, "no subscriber had to resume although edge1 drained");
        }
        finally
        {
            foreach (var subscriber in subscribers)
            {
                await subscriber.DisposeAsync();
            }
        }
    }

    /// <summary>The app's backend: publishes every 50 ms through nginx, retrying what fails while the cluster restarts, and ends with a stored publication; returns its offset.</summary>
    private async Task<long> PublishAsync(string url, string channel, CancellationToken stop)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("apikey", ApiKey);
        var last = 0L;
        var failures = 0;
        for (var i = 1; ; i++)
        {
            var body = new JsonObject { ["channel"] = channel, ["data"] = new JsonObject { ["i"] = i } }.ToJsonString();
            try
            {
                using var response = await http.PostAsync(url + "/api/publish", new StringContent(body, Encoding.UTF8, "application/json"), CancellationToken.None);
                if (response.IsSuccessStatusCode)
                {
                    last = (long)JsonNode.Parse(await response.Content.ReadAsStringAsync(CancellationToken.None))!["offset"]!;
                    if (stop.IsCancellationRequested)
                    {
                        output.WriteLine($"published up to offset {last}; {failures} attempts failed during the restarts");
                        return last;
                    }
                }
                else
                {
                    failures++;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                failures++;
            }

            Assert.True(failures < 600, "publishing through the API did not recover");

            // The publication rate, not a wait for a condition.
            await Task.Delay(50, CancellationToken.None);
        }
    }

    private static async Task AwaitEveryOffsetAsync(List<ResumingSubscriber> subscribers, Func<long> offset, string what, LocalCluster cluster)
    {
        var target = offset();
        try
        {
            await Eventually.TrueAsync(() => subscribers.All(s => s.LastOffset >= target), what, TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(
                ex.Message + "\nlast offsets: " + string.Join(", ", subscribers.Select(s => s.LastOffset))
                    + "\nproblems: " + string.Join("; ", subscribers.SelectMany(s => s.Problems))
                    + "\n" + cluster.Log("edge1") + "\n" + cluster.Log("edge2"),
                ex);
        }
    }
}
