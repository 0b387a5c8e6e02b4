using Realtime.Edge.SockJs;
using Realtime.Edge.SockJs.Security;

namespace Realtime.Edge.Tests.Unit;

public class OriginPolicyTests
{
    private static readonly OriginPolicy Policy = OriginPolicy.Create(["https://app.example", "https://*.example.net", "http://localhost:3000"]);

    [Theory]
    [InlineData("https://app.example")]
    [InlineData("HTTPS://APP.EXAMPLE")]
    [InlineData("https://app.example:443")]
    [InlineData("https://chat.example.net")]
    [InlineData("https://a.b.example.net")]
    [InlineData("http://localhost:3000")]
    public void ListedOrigins_AreAllowed(string origin) =>
        Assert.True(Policy.Allows(origin, "edge.example", https: false));

    [Theory]
    [InlineData("https://example.net")]
    [InlineData("https://notexample.net")]
    [InlineData("http://chat.example.net")]
    [InlineData("https://app.example:8443")]
    [InlineData("http://app.example")]
    [InlineData("https://app.example.evil.com")]
    [InlineData("http://localhost:3001")]
    [InlineData("null")]
    [InlineData("*")]
    [InlineData("https://app.example/path")]
    [InlineData("not an origin")]
    public void OtherOrigins_AreRefused(string origin) =>
        Assert.False(Policy.Allows(origin, "edge.example", https: false));

    [Theory]
    [InlineData("http://edge.example:8080", "edge.example:8080", false, true)]
    [InlineData("https://edge.example", "edge.example", false, true)]
    [InlineData("http://edge.example", "edge.example", false, true)]
    [InlineData("http://edge.example:8081", "edge.example:8080", false, false)]
    [InlineData("http://edge.example:8080", "edge.example", false, false)]
    [InlineData("http://other.example:8080", "edge.example:8080", false, false)]
    [InlineData("http://edge.example", "edge.example", true, false)]
    [InlineData("http://[::1]:8080", "[::1]:8080", false, true)]
    public void SameOrigin_ComparesHostAndPort_AndTheSchemeOverTls(string origin, string host, bool https, bool allowed) =>
        Assert.Equal(allowed, OriginPolicy.Create([]).Allows(origin, host, https));

    [Fact]
    public void NullEntry_AllowsTheNullOrigin_AndStarAllowsAll()
    {
        Assert.True(OriginPolicy.Create(["null"]).Allows("null", "edge.example", https: false));
        Assert.True(OriginPolicy.Create(["*"]).Allows("https://anything.example", "edge.example", https: false));
        Assert.True(OriginPolicy.Create(["*"]).AllowsAny);
    }

    [Theory]
    [InlineData("https://app.example/")]
    [InlineData("https://app.example/path")]
    [InlineData("app.example")]
    [InlineData("https://*")]
    [InlineData("https://a.*.example")]
    [InlineData("https://user@app.example")]
    [InlineData("https://app.example:0")]
    [InlineData("")]
    public void MalformedEntries_StopStartup(string entry)
    {
        var options = new SockJsOptions { AllowedOrigins = [entry] };

        var result = new SockJsOptionsValidator().Validate(null, options);

        Assert.True(result.Failed, $"\"{entry}\" was accepted");
    }
}
