using Realtime.TestKit;

namespace Realtime.Edge.Tests.Security;

/// <summary><c>Limits:MaxChannelsPerConnection</c> (128 by default): one subscribe more gets error 403; the connection and others go on.</summary>
[Collection(SecurityCollection.Name)]
public sealed class ChannelLimitTests(SecurityFixture fixture)
{
    [Fact]
    public async Task SubscribeBeyond128Channels_Is403_AndTheConnectionStaysUsable()
    {
        await using (var client = await RealtimeClient.ConnectAsync(fixture.Realtime))
        {
            var prefix = "many:" + Guid.NewGuid().ToString("N")[..8] + ":";
            for (var i = 0; i < 128; i++)
            {
                Assert.NotNull((await client.RequestAsync("subscribe", r => r["channel"] = prefix + i))["ok"]);
            }

            var refused = await client.RequestAsync("subscribe", r => r["channel"] = prefix + "one-more");
            Assert.Equal(403, (int?)refused["error"]?["code"]);

            // A repeated subscribe is still a conflict, and a freed place can be used.
            Assert.Equal(409, (int?)(await client.RequestAsync("subscribe", r => r["channel"] = prefix + 0))["error"]?["code"]);
            Assert.NotNull((await client.RequestAsync("unsubscribe", r => r["channel"] = prefix + 0))["ok"]);
            Assert.NotNull((await client.RequestAsync("subscribe", r => r["channel"] = prefix + "one-more"))["ok"]);
        }

        await Bystander.AssertUnharmedAsync(fixture);
    }
}
