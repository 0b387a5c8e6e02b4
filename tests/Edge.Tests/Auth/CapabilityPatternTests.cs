using System.Text.Json;
using Realtime.Edge.Auth;

namespace Realtime.Edge.Tests.Auth;

public sealed class CapabilityPatternTests
{
    [Theory]
    [InlineData("chat:*", "chat:x", true)]
    [InlineData("chat:*", "chat:a:b", true)]
    [InlineData("chat:*", "chat:", true)]
    [InlineData("chat:*", "chatroom:x", false)]
    [InlineData("chat:*", "chat", false)]
    [InlineData("chat:*", "xchat:x", false)]
    [InlineData("chat:room", "chat:room", true)]
    [InlineData("chat:room", "chat:room2", false)]
    [InlineData("chat:room", "Chat:room", false)]
    [InlineData("*", "anything:at-all", true)]
    [InlineData("news", "news", true)]
    [InlineData("news", "news:x", false)]
    public void Matches(string pattern, string channel, bool expected) =>
        Assert.Equal(expected, new CapabilityPattern(pattern).Matches(channel));

    [Fact]
    public void GrantsOfEveryMatchingPattern_AddUp()
    {
        using var caps = JsonDocument.Parse("""{"chat:*":["subscribe"],"chat:room":["publish"],"*":["history"]}""");
        var capabilities = Capabilities.Parse(caps.RootElement);
        Assert.Equal(ChannelOps.Subscribe | ChannelOps.Publish | ChannelOps.History, capabilities.For("chat:room"));
        Assert.Equal(ChannelOps.Subscribe | ChannelOps.History, capabilities.For("chat:other"));
        Assert.Equal(ChannelOps.History, capabilities.For("chatroom:x"));
    }

    [Theory]
    [InlineData("""["chat:*"]""")]
    [InlineData("""{"chat:*":"subscribe"}""")]
    [InlineData("""{"chat:*":["subscribe","admin"]}""")]
    [InlineData("""{"chat:*":[1]}""")]
    [InlineData("""{"ch*t":["subscribe"]}""")]
    [InlineData("""{"":["subscribe"]}""")]
    public void MalformedCaps_AreRejected(string json)
    {
        using var caps = JsonDocument.Parse(json);
        Assert.Throws<FormatException>(() => Capabilities.Parse(caps.RootElement));
    }
}
