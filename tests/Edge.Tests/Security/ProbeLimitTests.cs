using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Realtime.Edge.SockJs;
using Realtime.Edge.Tests.Protocol;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Security;

/// <summary>
/// Probing for sessions (requests to unknown ids, or to other clients' ids) is limited per client address
/// (<c>SockJs:ProbeBudget</c>, default 30 a minute): past the budget the address gets 429 on every HTTP
/// session request, hits included, while other clients carry on.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class ProbeLimitTests(SecurityFixture fixture)
{
    private int Budget => fixture.Edge.App.Services.GetRequiredService<IOptions<SockJsOptions>>().Value.ProbeBudget;

    [Fact]
    public async Task UnknownSessionFlood_Gets429AfterTheBudget_AndOthersAreUnharmed()
    {
        var flooder = IPAddress.Parse("127.0.0.14");
        var victim = SecurityFixture.NewSession(fixture.Demo);
        SockJsAssert.Body(await RawHttp.SendFromAsync(SecurityFixture.Bystander, "POST", victim + "/xhr"), "o\n");

        var (notFound, limited) = await FloodAsync(flooder, i => (SecurityFixture.NewSession(fixture.Demo) + (i % 2 == 0 ? "/xhr_send" : "/jsonp_send"), i % 2 == 0 ? "[\"x\"]" : "d=%5B%22x%22%5D"));

        Assert.Equal(Budget, notFound);
        Assert.NotNull(limited);
        Assert.True(int.Parse(limited["Retry-After"]!, System.Globalization.CultureInfo.InvariantCulture) >= 1, limited.Describe());

        // Blocked for every session request now, new sessions included.
        SockJsAssert.Status(await RawHttp.SendFromAsync(flooder, "POST", SecurityFixture.NewSession(fixture.Demo) + "/xhr"), 429);
        SockJsAssert.Status(await RawHttp.SendFromAsync(SecurityFixture.Bystander, "POST", victim + "/xhr_send", null, "[\"after the flood\"]"), 204);
        SockJsAssert.Body(await RawHttp.SendFromAsync(SecurityFixture.Bystander, "POST", victim + "/xhr"), "a[\"after the flood\"]\n");
        await Bystander.AssertUnharmedAsync(fixture);
    }

    [Fact]
    public async Task ProbingAnotherClientsSession_SpendsTheBudgetToo_AndThenEvenAHitGets429()
    {
        var prober = IPAddress.Parse("127.0.0.15");
        var victim = SecurityFixture.NewSession(fixture.Demo);
        SockJsAssert.Body(await RawHttp.SendFromAsync(SecurityFixture.Bystander, "POST", victim + "/xhr"), "o\n");
        var own = SecurityFixture.NewSession(fixture.Demo);
        SockJsAssert.Body(await RawHttp.SendFromAsync(prober, "POST", own + "/xhr"), "o\n");

        var (notFound, limited) = await FloodAsync(prober, _ => (victim + "/xhr_send", "[\"x\"]"));

        Assert.Equal(Budget, notFound);
        Assert.NotNull(limited);
        SockJsAssert.Status(await RawHttp.SendFromAsync(prober, "POST", own + "/xhr_send", null, "[\"x\"]"), 429);
        SockJsAssert.Status(await RawHttp.SendFromAsync(SecurityFixture.Bystander, "POST", victim + "/xhr_send", null, "[\"still mine\"]"), 204);
        SockJsAssert.Body(await RawHttp.SendFromAsync(SecurityFixture.Bystander, "POST", victim + "/xhr"), "a[\"still mine\"]\n");
        await Bystander.AssertUnharmedAsync(fixture);
    }

    [Fact]
    public async Task ProtocolTestServices_HaveNoBudget()
    {
        var client = IPAddress.Parse("127.0.0.16");

        for (var i = 0; i < Budget + 5; i++)
        {
            SockJsAssert.NotFound(await RawHttp.SendFromAsync(client, "POST", SecurityFixture.NewSession(fixture.Edge.Url + "/echo") + "/xhr_send", null, "[\"x\"]"));
        }
    }

    /// <summary>Sends up to budget + 10 probes; returns how many got 404 before the first 429, and that 429.</summary>
    private async Task<(int NotFound, RawHttpResponse? Limited)> FloodAsync(IPAddress from, Func<int, (string Url, string Body)> probe)
    {
        var form = ("Content-Type", "application/x-www-form-urlencoded");
        var notFound = 0;
        for (var i = 0; i < Budget + 10; i++)
        {
            var (url, body) = probe(i);
            var r = await RawHttp.SendFromAsync(from, "POST", url, url.EndsWith("jsonp_send", StringComparison.Ordinal) ? [form] : null, body);
            if (r.StatusCode == 429)
            {
                return (notFound, r);
            }

            SockJsAssert.NotFound(r);
            notFound++;
        }

        return (notFound, null);
    }
}
