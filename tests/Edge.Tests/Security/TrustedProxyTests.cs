using System.Net;
using Microsoft.Extensions.Options;
using Realtime.Edge.Hosting;
using Realtime.Edge.Tests.Protocol;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Security;

/// <summary>
/// <c>Edge:TrustedProxies</c>: behind a listed balancer each client keeps its own address (probe budget, session
/// binding) from <c>X-Forwarded-For</c>; a sender that is not listed cannot choose an address with that header.
/// The balancer is 127.0.0.20, and clients behind it are documentation addresses.
/// </summary>
public sealed class TrustedProxyTests : IAsyncLifetime
{
    private const int Budget = 4;
    private static readonly IPAddress Balancer = IPAddress.Parse("127.0.0.20");
    private static readonly IPAddress Direct = IPAddress.Parse("127.0.0.21");
    private EdgeServer? _edge;

    private string Demo => (_edge ?? throw new InvalidOperationException("not started")).Url + "/demo";

    public async Task InitializeAsync() =>
        _edge = await EdgeServer.StartAsync(new Dictionary<string, string?>
        {
            ["Edge:TrustedProxies:0"] = Balancer.ToString(),
            ["Edge:TrustedProxies:1"] = "10.0.0.0/8",
            ["SockJs:ProbeBudget"] = Budget.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    public async Task DisposeAsync()
    {
        if (_edge is not null)
        {
            await _edge.DisposeAsync();
        }
    }

    [Fact]
    public async Task BehindTheBalancer_EachClientHasItsOwnProbeBudget()
    {
        await SpendBudgetAsync(Balancer, "203.0.113.1");

        SockJsAssert.Status(await OpenAsync(Balancer, "203.0.113.1"), 429);
        SockJsAssert.Body(await OpenAsync(Balancer, "203.0.113.2"), "o\n");
    }

    [Fact]
    public async Task BehindTheBalancer_ASessionStaysBoundToItsClient()
    {
        var session = NewSession(Demo);
        SockJsAssert.Body(await SendAsync(Balancer, "203.0.113.3", "POST", session + "/xhr"), "o\n");

        SockJsAssert.NotFound(await SendAsync(Balancer, "203.0.113.4", "POST", session + "/xhr_send", "[\"not yours\"]"));
        SockJsAssert.Status(await SendAsync(Balancer, "203.0.113.3", "POST", session + "/xhr_send", "[\"mine\"]"), 204);
        SockJsAssert.Body(await SendAsync(Balancer, "203.0.113.3", "POST", session + "/xhr"), "a[\"mine\"]\n");
    }

    [Fact]
    public async Task OnlyTheLastHop_IsBelieved()
    {
        // A client behind the balancer writes its own X-Forwarded-For; the balancer appends what it saw.
        await SpendBudgetAsync(Balancer, "198.51.100.9, 203.0.113.5");

        SockJsAssert.Status(await OpenAsync(Balancer, "198.51.100.10, 203.0.113.5"), 429);
    }

    [Fact]
    public async Task ASenderNotListed_CannotChooseItsAddress()
    {
        await SpendBudgetAsync(Direct, "203.0.113.6");

        SockJsAssert.Status(await OpenAsync(Direct, "203.0.113.7"), 429);
        SockJsAssert.Status(await OpenAsync(Direct, null), 429);
        SockJsAssert.Body(await OpenAsync(Balancer, "203.0.113.6"), "o\n");
    }

    [Fact]
    public void AnEntryThatIsNoAddressOrNetwork_StopsTheStart()
    {
        var validator = new EdgeOptionsValidator();
        Assert.True(validator.Validate(null, new EdgeOptions { TrustedProxies = ["10.1.2.3", "10.0.0.0/8", "::1", "fd00::/8"] }).Succeeded);

        var failure = validator.Validate(null, new EdgeOptions { TrustedProxies = ["10.0.0.0/8", "nginx", "10.0.0.0/33"] }).FailureMessage;
        Assert.Contains("\"nginx\", \"10.0.0.0/33\" is not an IP address or a CIDR network", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("\"10.0.0.0/8\"", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadEntry_IsNamedWhenTheEdgeStarts()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => EdgeServer.StartAsync(new Dictionary<string, string?> { ["Edge:TrustedProxies:0"] = "load-balancer" }));
        Assert.Contains("\"load-balancer\"", error.Message, StringComparison.Ordinal);
    }

    private static string NewSession(string service) => $"{service}/000/{Guid.NewGuid():N}";

    /// <summary>Probes unknown sessions past the budget: <see cref="Budget"/> of them get 404, the next 429.</summary>
    private async Task SpendBudgetAsync(IPAddress from, string forwardedFor)
    {
        for (var i = 0; i < Budget; i++)
        {
            SockJsAssert.NotFound(await SendAsync(from, forwardedFor, "POST", NewSession(Demo) + "/xhr_send", "[\"x\"]"));
        }

        SockJsAssert.Status(await SendAsync(from, forwardedFor, "POST", NewSession(Demo) + "/xhr_send", "[\"x\"]"), 429);
    }

    private Task<RawHttpResponse> OpenAsync(IPAddress from, string? forwardedFor) => SendAsync(from, forwardedFor, "POST", NewSession(Demo) + "/xhr");

    private static Task<RawHttpResponse> SendAsync(IPAddress from, string? forwardedFor, string method, string url, string? body = null) =>
        RawHttp.SendFromAsync(from, method, url, forwardedFor is null ? null : [("X-Forwarded-For", forwardedFor)], body);
}
