using System.Text.Json.Nodes;
using Realtime.TestKit;
using static Realtime.Cluster.Tests.Auth.ConnectionTokenTests;

namespace Realtime.Cluster.Tests.History;

/// <summary>The <c>history</c> op: count and age limits, <c>since</c> and <c>limit</c>, permissions and bad input.</summary>
[Collection(TwoEdgeCollection.Name)]
public sealed class HistoryOpTests(TwoEdgeFixture cluster)
{
    [Fact]
    public async Task History_KeepsTheLastN_AcrossEdges_WithSinceAndLimit()
    {
        var channel = TwoEdgeFixture.NewChannel("hist");
        await using var publisher = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.A));
        await using var reader = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.B));
        for (var i = 1; i <= 8; i++)
        {
            Assert.NotNull((await publisher.RequestAsync("publish", r => { r["channel"] = channel; r["data"] = new JsonObject { ["n"] = i }; }))["ok"]);
        }

        var all = Ok(await History(reader, channel, limit: 100));
        Assert.Equal(8, (long)all["offset"]!);
        Assert.Equal(new long[] { 5, 6, 7, 8 }, Offsets(all));
        Assert.Equal(8, (int)all["publications"]![3]!["data"]!["n"]!);
        Assert.NotNull(all["publications"]![3]!["from"]?["client"]);
        Assert.Null(all["recovered"]);

        Assert.Equal(new long[] { 7, 8 }, Offsets(Ok(await History(reader, channel, limit: 2))));
        Assert.Empty(Offsets(Ok(await History(reader, channel, limit: 0))));

        var epoch = (string)all["epoch"]!;
        var after5 = Ok(await History(reader, channel, since: (epoch, 5)));
        Assert.True((bool)after5["recovered"]!);
        Assert.Equal(new long[] { 6, 7, 8 }, Offsets(after5));
        var after4Limit2 = Ok(await History(reader, channel, since: (epoch, 4), limit: 2));
        Assert.True((bool)after4Limit2["recovered"]!);
        Assert.Equal(new long[] { 5, 6 }, Offsets(after4Limit2));
        var upToDate = Ok(await History(reader, channel, since: (epoch, 8)));
        Assert.True((bool)upToDate["recovered"]!);
        Assert.Empty(Offsets(upToDate));

        // Offsets 1 to 3 have left the window of five; another epoch or a future offset cannot be followed.
        Assert.False((bool)Ok(await History(reader, channel, since: (epoch, 2)))["recovered"]!);
        Assert.False((bool)Ok(await History(reader, channel, since: ("another-epoch", 7)))["recovered"]!);
        Assert.False((bool)Ok(await History(reader, channel, since: (epoch, 9)))["recovered"]!);
    }

    [Fact]
    public async Task History_DropsPublicationsOlderThanTheTtl()
    {
        var channel = TwoEdgeFixture.NewChannel("histttl");
        await using var client = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.A));
        for (var i = 1; i <= 3; i++)
        {
            await client.RequestAsync("publish", r => { r["channel"] = channel; r["data"] = i; });
        }

        var publishedAt = DateTimeOffset.UtcNow;
        var first = Offsets(Ok(await History(client, channel)));
        Assert.Equal(new long[] { 1, 2, 3 }, first);
        await Eventually.TrueAsync(() => DateTimeOffset.UtcNow > publishedAt.AddSeconds(1.2), "the history TTL of one second to pass");
        await client.RequestAsync("publish", r => { r["channel"] = channel; r["data"] = 4; });
        var history = Ok(await History(client, channel));
        Assert.Equal(new long[] { 4 }, Offsets(history));
        Assert.False((bool)Ok(await History(client, channel, since: ((string)history["epoch"]!, 1)))["recovered"]!);
    }

    [Fact]
    public async Task History_WithoutPermission_Is403_UnknownNamespace404_NoHistoryIsEmpty()
    {
        await using var client = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.B));
        AssertError(await History(client, TwoEdgeFixture.NewChannel("nohist")), 403, "not allowed to read the history");
        var open = TwoEdgeFixture.NewChannel("open");
        await client.RequestAsync("publish", r => { r["channel"] = open; r["data"] = 1; });
        var none = Ok(await History(client, open));
        Assert.Equal(1, (long)none["offset"]!);
        Assert.Empty(Offsets(none));
    }

    [Theory]
    [InlineData("\"since\":5")]
    [InlineData("\"since\":\"e:3\"")]
    [InlineData("\"since\":{\"epoch\":1,\"offset\":3}")]
    [InlineData("\"since\":{\"epoch\":\"e\"}")]
    [InlineData("\"since\":{\"epoch\":\"e\",\"offset\":-1}")]
    [InlineData("\"since\":{\"epoch\":\"e\",\"offset\":\"3\"}")]
    [InlineData("\"since\":{\"epoch\":\"e\",\"offset\":1.5}")]
    [InlineData("\"limit\":-1")]
    [InlineData("\"limit\":\"10\"")]
    [InlineData("\"limit\":2.5")]
    public async Task MalformedSinceOrLimit_Is400(string field)
    {
        await using var client = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.A));
        var channel = TwoEdgeFixture.NewChannel("hist");
        await client.SendRawAsync($$"""{"id":7000,"op":"history","channel":"{{channel}}",{{field}}}""");
        await client.WaitForPushesAsync(p => p.Any(m => (long?)m["id"] == 7000), "the error reply to the malformed history request");
        var error = client.Pushes.Single(m => (long?)m["id"] == 7000);
        AssertError(error, 400, field.StartsWith("\"since", StringComparison.Ordinal) ? "\"since\" must be" : "\"limit\" must be");
        Assert.NotNull((await client.RequestAsync("ping"))["ok"]);
    }

    [Fact]
    public async Task HugeLimit_IsCapped()
    {
        var channel = TwoEdgeFixture.NewChannel("hist");
        await using var client = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.A));
        for (var i = 1; i <= TwoEdgeFixture.HistorySize; i++)
        {
            await client.RequestAsync("publish", r => { r["channel"] = channel; r["data"] = i; });
        }

        Assert.Equal(TwoEdgeFixture.MaxHistoryLimit, Offsets(Ok(await History(client, channel, limit: long.MaxValue))).Length);
    }

    private static Task<JsonObject> History(RealtimeClient client, string channel, (string Epoch, long Offset)? since = null, long? limit = null) =>
        client.RequestAsync("history", r =>
        {
            r["channel"] = channel;
            if (since is { } s)
            {
                r["since"] = new JsonObject { ["epoch"] = s.Epoch, ["offset"] = s.Offset };
            }

            if (limit is { } l)
            {
                r["limit"] = l;
            }
        });

    private static JsonObject Ok(JsonObject reply) => reply["ok"]?.AsObject() ?? throw new Xunit.Sdk.XunitException("expected ok, got " + reply.ToJsonString());

    private static long[] Offsets(JsonObject ok) => [.. ok["publications"]!.AsArray().Select(p => (long)p!["offset"]!)];
}
