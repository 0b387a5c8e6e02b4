using Realtime.TestKit;

namespace Realtime.Cluster.Tests;

/// <summary>
/// Real sockjs-client sessions (Node) on edge B receive, in order and complete, what a client on edge A
/// publishes: for every transport Node offers, and with the publisher on an HTTP transport too.
/// </summary>
public sealed class CrossEdgeTransportTests
{
    private const int Count = 1000;

    [Fact]
    public async Task EveryTransportOnEdgeB_ReceivesAllMessagesPublishedOnEdgeA_InOrder()
    {
        var result = await RunAsync(["websocket", "xhr-streaming", "eventsource", "xhr-polling"], "websocket");
        Assert.Equal(4, result.Subscribers.Length);
        foreach (var subscriber in result.Subscribers)
        {
            AssertComplete(subscriber);
        }
    }

    [Fact]
    public async Task PublisherOnXhrPolling_ReachesAWebSocketSubscriberOnTheOtherEdge_InOrder()
    {
        var result = await RunAsync(["websocket"], "xhr-polling");
        AssertComplete(Assert.Single(result.Subscribers));
    }

    private static async Task<CrossEdgeTransportResult> RunAsync(string[] subscriberTransports, string publishTransport)
    {
        var clusterId = "transports-" + Guid.NewGuid().ToString("N")[..8];
        await using var edgeA = await EdgeServer.StartClusterAsync(clusterId);
        await using var edgeB = await EdgeServer.StartClusterAsync(clusterId, primarySiloPort: edgeA.SiloPort);
        var result = await NodeScript.RunAsync<CrossEdgeTransportResult>(
            "realtime-client.js",
            new
            {
                publishUrl = edgeA.Url + "/realtime",
                subscribeUrl = edgeB.Url + "/realtime",
                subscriberTransports,
                publishTransport,
                channel = "transports:" + Guid.NewGuid().ToString("N")[..8],
                count = Count,
                timeoutMs = 90_000,
            },
            TimeSpan.FromSeconds(120),
            $"{Count} messages from {publishTransport} on edge A to {string.Join(", ", subscriberTransports)} on edge B");
        Assert.Null(result.Fatal);
        Assert.False(result.TimedOut, "the script timed out; received: " + string.Join(", ", result.Subscribers.Select(s => $"{s.Transport} {s.Offsets.Length}")));
        Assert.Empty(result.Errors);
        return result;
    }

    private static void AssertComplete(CrossEdgeSubscriber subscriber)
    {
        Assert.Equal(subscriber.Transport, subscriber.Actual);
        var start = subscriber.Subscribed.GetProperty("ok").GetProperty("offset").GetInt64();
        Assert.Equal(Enumerable.Range(1, Count).Select(i => start + i), subscriber.Offsets);
        Assert.Equal(Enumerable.Range(1, Count), subscriber.Data);
        Assert.Empty(subscriber.Other);
    }
}
