using System.Net;
using Microsoft.AspNetCore.Http;
using Realtime.Edge.SockJs.Security;

namespace Realtime.Edge.Tests.Unit;

public class ForwardedClientTests
{
    private const string Secret = "forwarding-secret-of-at-least-32-bytes!";
    private static readonly IPAddress Peer = IPAddress.Parse("10.0.0.5");
    private static readonly IPAddress Client = IPAddress.Parse("203.0.113.7");

    [Fact]
    public void SignedAddress_FromTheSameSecret_IsBelieved()
    {
        var time = new SteppedTime(DateTimeOffset.UtcNow);
        var forwarding = new ForwardedClient(Secret, time);
        var context = Request("POST", "/realtime/000/abcdefgh/xhr_send");
        context.Request.Headers[ForwardedClient.Header] = forwarding.Sign(Client, "POST", "/realtime/000/abcdefgh/xhr_send");

        Assert.Equal(Client, forwarding.AddressOf(context));
    }

    [Fact]
    public void ForgedStaleOrMisdirectedHeaders_FallBackToThePeer()
    {
        var time = new SteppedTime(DateTimeOffset.UtcNow);
        var forwarding = new ForwardedClient(Secret, time);
        var other = new ForwardedClient("another-secret-of-at-least-32-bytes!!!!", time);
        const string Target = "/realtime/000/abcdefgh/xhr_send";

        Assert.Equal(Peer, forwarding.AddressOf(With("POST", Target, other.Sign(Client, "POST", Target))));
        Assert.Equal(Peer, forwarding.AddressOf(With("POST", "/realtime/000/otherses/xhr_send", forwarding.Sign(Client, "POST", Target))));
        Assert.Equal(Peer, forwarding.AddressOf(With("POST", Target, $"{Client};{time.GetUtcNow().ToUnixTimeSeconds()};forged")));
        Assert.Equal(Peer, forwarding.AddressOf(With("POST", Target, "garbage")));
        var signed = forwarding.Sign(Client, "POST", Target);
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(Peer, forwarding.AddressOf(With("POST", Target, signed)));
    }

    [Fact]
    public void NoHeader_IsThePeer_WithMappedAddressesUnmapped()
    {
        var forwarding = new ForwardedClient(null, TimeProvider.System);
        var context = Request("GET", "/x");
        context.Connection.RemoteIpAddress = IPAddress.Parse("::ffff:192.0.2.1");

        Assert.Equal(IPAddress.Parse("192.0.2.1"), forwarding.AddressOf(context));
    }

    private static DefaultHttpContext With(string method, string target, string header)
    {
        var context = Request(method, target);
        context.Request.Headers[ForwardedClient.Header] = header;
        return context;
    }

    private static DefaultHttpContext Request(string method, string target)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = target;
        context.Connection.RemoteIpAddress = Peer;
        return context;
    }
}
