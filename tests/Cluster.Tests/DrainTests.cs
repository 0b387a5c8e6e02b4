using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Edge.Protocol;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests;

/// <summary>
/// An edge that has begun to stop still accepts TCP connections until the host stops Kestrel: in that
/// window, a new connection is sent away at once and readiness is false, so clients told to reconnect
/// elsewhere cannot land on it again.
/// </summary>
public sealed class DrainTests
{
    [Fact]
    public async Task ADrainingEdge_SendsNewConnectionsAway_AndIsNotReady()
    {
        await using var edge = await EdgeServer.StartClusterAsync("drain-" + Guid.NewGuid().ToString("N")[..8]);
        using var http = new HttpClient { BaseAddress = new Uri(edge.Url) };
        await Eventually.TrueAsync(async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, "the edge to be ready");

        edge.App.Services.GetRequiredService<EdgeDrain>().Start();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        await using var late = await RealtimeClient.OpenAsync(edge.Url + "/realtime");
        var (code, reason) = await Eventually.WithinAsync(late.Closed, "the late connection to be sent away");
        Assert.Equal((3000, "Go away!"), (code, reason));
        var push = Assert.Single(late.Pushes, p => (string?)p["push"] == "disconnect");
        Assert.True((bool?)push["reconnect"]);
    }
}
