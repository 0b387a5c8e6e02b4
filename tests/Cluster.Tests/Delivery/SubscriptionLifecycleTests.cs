using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Realtime.Edge.Auth;
using Realtime.Edge.Channels;
using Realtime.Edge.Cluster;
using Realtime.Edge.Handlers;
using Realtime.Edge.Hooks;
using Realtime.Edge.Protocol;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests.Delivery;

/// <summary>
/// The protocol handler and hub of a virtual edge, driven with a fake connection: what a connection
/// leaves behind in the hub when it closes at an awkward moment.
/// </summary>
[Collection(TwoEdgeCollection.Name)]
public sealed class SubscriptionLifecycleTests(TwoEdgeFixture cluster)
{
    [Fact]
    public async Task ConnectionClosedWhileItsSubscribeIsAttaching_LeavesNoSubscriptionBehind()
    {
        var grains = new CountingGrainFactory(cluster.Grains);
        var identity = new EdgeIdentity();
        var adapter = new ClusterAdapter(grains, identity);
        var options = Options.Create(new RealtimeOptions());
        var hub = new LocalHub(adapter, options, TimeProvider.System);
        var observer = new EdgeObserver(hub, new ClientRegistry(), identity);
        adapter.SetObserver(observer);
        var auth = Options.Create(new AuthOptions { AllowAnonymous = true });
        var limits = Options.Create(new LimitsOptions());
        var namespaces = new ChannelNamespaces(Options.Create(new NamespacesOptions { Entries = { ["*"] = new NamespaceOptions { Anonymous = ChannelOps.All, ClientPublish = true } } }));
        var tokens = new TokenValidator(auth);
        var http = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        var proxy = new PublishProxy(http, Options.Create(new PublishProxyOptions()), NullLogger<PublishProxy>.Instance);
        var handlers = new ChannelHandlers(grains, NullLogger<ChannelHandlers>.Instance);
        var channels = new ChannelRequests(hub, adapter, namespaces, tokens, proxy, handlers, options, limits, TimeProvider.System);
        var authenticator = new Authenticator(tokens, adapter, channels, auth, limits, TimeProvider.System, NullLogger<Authenticator>.Instance);
        var handler = new RealtimeHandler(
            authenticator,
            channels,
            new PresenceRequests(adapter, namespaces, options),
            new StateRequests(adapter, namespaces, options, limits, TimeProvider.System),
            new RpcRequests(namespaces, handlers, options),
            new ClientRegistry(),
            identity,
            NullLogger<RealtimeHandler>.Instance);
        var channel = TwoEdgeFixture.NewChannel("closing");
        var connection = new FakeConnection();
        await handler.OnOpenAsync(connection);
        await handler.OnMessageAsync(connection, "{\"id\":1,\"op\":\"connect\"}");

        // The attach is slow (a busy or failing silo); meanwhile the session ends (slow-consumer close,
        // an HTTP session's disconnect timeout), and SockJS reports it closed.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        grains.AttachGate = gate.Task;
        var subscribing = handler.OnMessageAsync(connection, $"{{\"id\":2,\"op\":\"subscribe\",\"channel\":\"{channel}\"}}").AsTask();
        await Eventually.TrueAsync(() => grains.Attaches == 1, "the subscribe to start attaching");
        connection.Close(3003, "Slow consumer");
        handler.OnClosed(connection);
        gate.SetResult();
        await Eventually.WithinAsync(subscribing.ContinueWith(_ => true, TaskScheduler.Default), "the subscribe to finish");

        Assert.True(
            !hub.Channels.Contains(channel),
            "the closed connection is still subscribed in the hub, so the edge stays attached and renews the channel for good");
        await AsyncCondition.TrueAsync(async () => !(await cluster.Channel(channel).GetEdgesAsync()).Contains(identity.Id), "the edge to detach from the channel its only (closed) client subscribed to");
        GC.KeepAlive(observer);
    }
}
