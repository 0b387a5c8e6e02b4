using Realtime.TestKit;

namespace Realtime.Client.Tests;

/// <summary>A server that closes the client as a slow consumer (3003): the app hears the code and reason, and the client reconnects.</summary>
public sealed class SlowConsumerTests : IAsyncLifetime
{
    private EdgeServer? _edge;

    public async Task InitializeAsync() =>
        _edge = await EdgeServer.StartClusterAsync("slow-" + Guid.NewGuid().ToString("N")[..8], settings: new Dictionary<string, string?>
        {
            // Any message over 1 KiB overflows the send queue at once.
            ["SockJs:MaxQueuedBytes"] = "1024",
        });

    public async Task DisposeAsync()
    {
        if (_edge is not null)
        {
            await _edge.DisposeAsync();
        }
    }

    [Fact]
    public async Task ServerClosesWith3003_TheAppSeesSlowConsumer_AndTheClientReconnects()
    {
        await using var client = new RealtimeClient(ClientClusterFixture.Options(new Uri(_edge!.Url + "/realtime")));
        var disconnects = new List<DisconnectedEventArgs>();
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Disconnected += (_, e) => { lock (disconnects) { disconnects.Add(e); } };
        client.Connected += (_, e) => { if (e.Reconnected) { reconnected.TrySetResult(); } };
        await client.ConnectAsync();
        var channel = "big:" + Guid.NewGuid().ToString("N")[..8];
        await client.SubscribeAsync(channel);

        await client.PublishAsync(channel, new string('x', 2048));

        await Eventually.TrueAsync(() => { lock (disconnects) { return disconnects.Count > 0; } }, "the slow-consumer close to reach the app");
        DisconnectedEventArgs first;
        lock (disconnects)
        {
            first = disconnects[0];
        }

        Assert.Equal(3003, first.Code);
        Assert.Equal("Slow consumer", first.Reason);
        Assert.True(first.Reconnecting);
        Assert.Null(first.Error);
        await Eventually.WithinAsync(reconnected.Task.ContinueWith(_ => true, TaskScheduler.Default), "the client to reconnect after 3003");
    }
}
