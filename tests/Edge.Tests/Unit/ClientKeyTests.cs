using System.Net;
using Realtime.Edge.SockJs.Security;

namespace Realtime.Edge.Tests.Unit;

public class ClientKeyTests
{
    [Theory]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    [InlineData("192.0.2.7", "192.0.2.7")]
    public void IPv6_CountsPerSlash64_IPv4PerAddress(string address, string key) =>
        Assert.Equal(IPAddress.Parse(key), ClientKey.Of(IPAddress.Parse(address)));

    [Fact]
    public void AddressesOfOneSlash64_ShareTheSessionCap()
    {
        var slots = new AddressSlots(max: 2);

        using var first = slots.TryTake(IPAddress.Parse("2001:db8::1"));
        using var second = slots.TryTake(IPAddress.Parse("2001:db8::2"));

        Assert.Null(slots.TryTake(IPAddress.Parse("2001:db8::3")));
        Assert.NotNull(slots.TryTake(IPAddress.Parse("2001:db8:0:1::3")));
    }
}
