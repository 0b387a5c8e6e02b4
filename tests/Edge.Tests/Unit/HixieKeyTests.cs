using Realtime.Edge.SockJs.Handshakes;

namespace Realtime.Edge.Tests.Unit;

public class HixieKeyTests
{
    [Fact]
    public void KeyNumber_DividesDigitsBySpaces()
    {
        Assert.True(HixieHandshake.TryKeyNumber("4 @1  46546xW%0l 1 5", out var n1));
        Assert.True(HixieHandshake.TryKeyNumber("12998 5 Y3 1  .P00", out var n2));
        Assert.Equal(829309203u, n1);
        Assert.Equal(259970620u, n2);
    }

    [Theory]
    [InlineData("123")]
    [InlineData("7  ")]
    [InlineData("99999999999 9")]
    public void KeyNumber_RejectsKeysWithoutSpacesOrNotDivisible(string key) =>
        Assert.False(HixieHandshake.TryKeyNumber(key, out _));

    [Fact]
    public void AcceptKey_MatchesRfc6455Example() =>
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", HybiHandshake.AcceptKey("dGhlIHNhbXBsZSBub25jZQ=="));
}
