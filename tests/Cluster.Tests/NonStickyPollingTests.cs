using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests;

/// <summary>
/// A load balancer without sticky sessions: successive HTTP requests of one SockJS session land on
/// different edges. The session must keep working with nothing lost or reordered.
/// </summary>
public sealed class NonStickyPollingTests
{
    private const int Messages = 200;

    [Fact]
    public async Task XhrPolling_AlternatingBetweenTwoEdges_GetsEveryMessageInOrder()
    {
        var clusterId = "nonsticky-" + Guid.NewGuid().ToString("N")[..8];
        await using var edgeA = await EdgeServer.StartClusterAsync(clusterId);
        await using var edgeB = await EdgeServer.StartClusterAsync(clusterId, primarySiloPort: edgeA.SiloPort);
        string[] edges = [edgeA.Url, edgeB.Url];
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var session = "/realtime/000/" + Guid.NewGuid().ToString("N")[..8];
        var turn = 0;
        string Next() => edges[turn++ % 2] + session;

        Assert.Equal("o\n", await PostAsync(http, Next() + "/xhr", null));
        var channel = "nonsticky:" + Guid.NewGuid().ToString("N")[..8];
        var send = JsonSerializer.Serialize(new[]
        {
            "{\"id\":1,\"op\":\"connect\"}",
            $"{{\"id\":2,\"op\":\"subscribe\",\"channel\":\"{channel}\"}}",
        });
        Assert.Equal(string.Empty, await PostAsync(http, Next() + "/xhr_send", send));

        var received = new List<JsonObject>();
        await PollUntilAsync(http, Next, received, r => r.Any(m => (int?)m["id"] == 2), "the subscribe reply");
        Assert.NotNull(received.Single(m => (int?)m["id"] == 2)["ok"]);

        // Publish from a WebSocket client on the other edge while the poller keeps alternating.
        await using var publisher = await RealtimeClient.ConnectAsync(edgeB.Url + "/realtime");
        var publishing = Task.Run(async () =>
        {
            for (var i = 1; i <= Messages; i++)
            {
                var reply = await publisher.RequestAsync("publish", r =>
                {
                    r["channel"] = channel;
                    r["data"] = i;
                });
                Assert.True(reply["ok"] is not null, reply.ToJsonString());
            }
        });
        await PollUntilAsync(http, Next, received, r => Pushes(r).Count() >= Messages, $"{Messages} messages through alternating edges");
        await publishing;

        Assert.Equal(Enumerable.Range(1, Messages), Pushes(received).Select(m => (int)m["data"]!));
        Assert.Equal(Enumerable.Range(1, Messages).Select(i => (long)i), Pushes(received).Select(m => (long)m["offset"]!));
        Assert.True(turn > 4, "the poller should have alternated edges several times");
    }

    private static IEnumerable<JsonObject> Pushes(IEnumerable<JsonObject> messages) => messages.Where(m => (string?)m["push"] == "message");

    private static async Task PollUntilAsync(HttpClient http, Func<string> next, List<JsonObject> received, Func<List<JsonObject>, bool> done, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!done(received))
        {
            Assert.False(deadline.IsCancellationRequested, "Timed out after 60 s waiting for: " + what);
            var frame = await PostAsync(http, next() + "/xhr", null);
            if (frame.StartsWith('a'))
            {
                foreach (var message in JsonSerializer.Deserialize<string[]>(frame[1..])!)
                {
                    received.Add(JsonNode.Parse(message)!.AsObject());
                }
            }
            else
            {
                Assert.True(frame == "h\n", $"unexpected frame while polling: {frame}");
            }
        }
    }

    private static async Task<string> PostAsync(HttpClient http, string url, string? body)
    {
        using var content = new StringContent(body ?? string.Empty, Encoding.UTF8, "text/plain");
        using var response = await http.PostAsync(url, content);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }
}
