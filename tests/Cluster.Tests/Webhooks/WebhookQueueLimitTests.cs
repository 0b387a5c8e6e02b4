using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Cluster.Tests.Auth;
using Realtime.Grains.Webhooks;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests.Webhooks;

/// <summary>
/// A shard's queue is bounded: while the app is down, events past <c>MaxQueue</c> are dropped and counted,
/// the queued ones are delivered in order once it is back, and nothing else stalls.
/// </summary>
public sealed class WebhookQueueLimitTests
{
    private const int MaxQueue = 3;
    private const int Users = 8;

    [Fact]
    public async Task EventsPastAFullQueue_AreDroppedAndCounted_AndTheQueuedOnesArriveInOrderOnceTheAppRecovers()
    {
        var port = FreePort.Next();
        await using var receiver = await WebhookReceiver.StartAsync(port);
        receiver.FailNext(int.MaxValue);
        await using var edge = await EdgeServer.StartClusterAsync("hookq-" + Guid.NewGuid().ToString("N")[..8], settings: new Dictionary<string, string?>
        {
            ["Webhooks:Url"] = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture) + "/hooks",
            ["Webhooks:Secret"] = WebhookFixture.Secret,
            ["Webhooks:Events:0"] = WebhookEventNames.UserConnected,
            ["Webhooks:Shards"] = "1",
            ["Webhooks:MaxQueue"] = MaxQueue.ToString(CultureInfo.InvariantCulture),
            ["Webhooks:MaxBatch"] = "1",
            ["Webhooks:BatchWindow"] = "00:00:00.020",
            ["Webhooks:InitialBackoff"] = "00:00:00.050",
            ["Webhooks:MaxBackoff"] = "00:00:00.100",
            ["Auth:HmacSecret"] = AuthFixture.Secret,
            ["Auth:Audience"] = "realtime",
            ["Auth:Issuer"] = "app-backend",
        });
        var dropped = 0L;
        var meters = edge.App.Services.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name == "realtime.webhooks.dropped")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref dropped, value));
        listener.Start();

        var prefix = "q-" + Guid.NewGuid().ToString("N")[..6] + "-";
        var clients = new List<RealtimeClient>();
        try
        {
            for (var i = 0; i < Users; i++)
            {
                clients.Add(await UserWebhookTests.ConnectAsync(edge, prefix + i));
            }

            await Eventually.TrueAsync(() => Interlocked.Read(ref dropped) >= Users - MaxQueue, $"{Users - MaxQueue} events counted as dropped (counted {Interlocked.Read(ref dropped)})");
            Assert.Empty(receiver.Delivered);
            receiver.FailNext(0);

            await Eventually.TrueAsync(() => receiver.Delivered.Count >= MaxQueue, $"the {MaxQueue} queued events to be delivered");

            // An event queued after the queue drained goes through, and arrives after the survivors; had any
            // dropped event been kept, it would show up before this one.
            clients.Add(await UserWebhookTests.ConnectAsync(edge, prefix + "late"));
            await Eventually.TrueAsync(() => receiver.Delivered.Any(e => (string?)e["data"]?["user"] == prefix + "late"), "an event after the outage to be delivered");

            var delivered = receiver.Delivered.Select(e => (string)e["data"]!["user"]!).Distinct().ToList();
            Assert.Equal(MaxQueue + 1, delivered.Count);
            Assert.Equal(prefix + "late", delivered[^1]);
            Assert.Equal(Users - MaxQueue, Interlocked.Read(ref dropped));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }
}
