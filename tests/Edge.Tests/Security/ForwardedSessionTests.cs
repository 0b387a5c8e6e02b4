using System.Net;
using Realtime.Edge.SockJs.Security;
using Realtime.Edge.Tests.Protocol;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Security;

/// <summary>
/// Without sticky load balancing an HTTP session's requests reach any edge and are forwarded to the one
/// that owns the session. The forwarding edge vouches for the client's address (<c>Edge:ForwardingSecret</c>),
/// so the owner binds and limits the client, not the edge; a client cannot vouch for itself.
/// </summary>
public sealed class ForwardedSessionTests
{
    private const string Secret = "forwarding-test-secret-of-at-least-32-bytes";
    private static readonly IPAddress Client = IPAddress.Parse("127.0.0.20");
    private static readonly IPAddress Attacker = IPAddress.Parse("127.0.0.21");

    [EdgeOnlyFact]
    public async Task ForwardedRequests_KeepTheClientsAddress_AndForgedVouchersAreIgnored()
    {
        var cluster = "forwarding-" + Guid.NewGuid().ToString("N")[..8];
        var settings = new Dictionary<string, string?> { ["Edge:ForwardingSecret"] = Secret };
        await using var owner = await EdgeServer.StartClusterAsync(cluster, settings: settings);
        await using var other = await EdgeServer.StartClusterAsync(cluster, owner.SiloPort, settings);
        var path = "/demo/000/" + Guid.NewGuid().ToString("N");

        SockJsAssert.Body(await RawHttp.SendFromAsync(Client, "POST", owner.Url + path + "/xhr"), "o\n");

        // Through the other edge: forwarded to the owner, which must see 127.0.0.20, not the edge.
        SockJsAssert.Status(await RawHttp.SendFromAsync(Client, "POST", other.Url + path + "/xhr_send", null, "[\"via the other edge\"]"), 204);
        SockJsAssert.Body(await RawHttp.SendFromAsync(Client, "POST", other.Url + path + "/xhr"), "a[\"via the other edge\"]\n");

        SockJsAssert.NotFound(await RawHttp.SendFromAsync(Attacker, "POST", other.Url + path + "/xhr_send", null, "[\"x\"]"));
        var forged = $"{Client};{DateTimeOffset.UtcNow.ToUnixTimeSeconds()};{Convert.ToBase64String(new byte[32])}";
        SockJsAssert.NotFound(await RawHttp.SendFromAsync(Attacker, "POST", owner.Url + path + "/xhr_send", [(ForwardedClient.Header, forged), ("X-Realtime-Forwarded", "1")], "[\"x\"]"));
        SockJsAssert.NotFound(await RawHttp.SendFromAsync(Attacker, "POST", other.Url + path + "/xhr_send", [(ForwardedClient.Header, forged)], "[\"x\"]"));

        SockJsAssert.Status(await RawHttp.SendFromAsync(Client, "POST", owner.Url + path + "/xhr_send", null, "[\"direct\"]"), 204);
        SockJsAssert.Body(await RawHttp.SendFromAsync(Client, "POST", owner.Url + path + "/xhr"), "a[\"direct\"]\n");
    }
}
