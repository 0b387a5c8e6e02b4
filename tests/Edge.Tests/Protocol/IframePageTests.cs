using System.Text.RegularExpressions;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Protocol;

/// <summary>The iframe bootstrap page: exact body, long caching with a stable ETag, strict URL matching.</summary>
[Collection(SockJsCollection.Name)]
public sealed partial class IframePageTests(SockJsServerFixture server)
{
    [Fact]
    public async Task IframePage_IsServedCacheableWithTheBootstrapBody()
    {
        await VerifyIframeAsync(server.EchoUrl + "/iframe.html");
    }

    [Theory]
    [InlineData("/iframe-a.html")]
    [InlineData("/iframe-.html")]
    [InlineData("/iframe-0.1.2.html")]
    [InlineData("/iframe-0.1.2abc-dirty.2144.html")]
    public async Task IframePage_VersionedNames_ServeTheSamePage(string suffix)
    {
        await VerifyIframeAsync(server.EchoUrl + suffix);
    }

    [Theory]
    [InlineData("/iframe-a.html?t=1234")]
    [InlineData("/iframe-0.1.2.html?t=123414")]
    [InlineData("/iframe-0.1.2abc-dirty.2144.html?t=qweqweq123")]
    public async Task IframePage_QueryString_IsIgnored(string suffix)
    {
        await VerifyIframeAsync(server.EchoUrl + suffix);
    }

    [Theory]
    [InlineData("/iframe.htm")]
    [InlineData("/iframe")]
    [InlineData("/IFRAME.HTML")]
    [InlineData("/IFRAME")]
    [InlineData("/iframe.HTML")]
    [InlineData("/iframe.xml")]
    [InlineData("/iframe-/.html")]
    public async Task IframePage_MalformedNames_Are404(string suffix)
    {
        SockJsAssert.NotFound(await RawHttp.GetAsync(server.EchoUrl + suffix));
    }

    [Fact]
    public async Task IframePage_EtagIsStable_AndIfNoneMatchGives304()
    {
        var r1 = await RawHttp.GetAsync(server.EchoUrl + "/iframe.html");
        var r2 = await RawHttp.GetAsync(server.EchoUrl + "/iframe.html");
        Assert.False(string.IsNullOrEmpty(r1["ETag"]), $"Expected an ETag:\n{r1.Describe()}");
        Assert.Equal(r1["ETag"], r2["ETag"]);

        var r = await RawHttp.GetAsync(server.EchoUrl + "/iframe.html", ("If-None-Match", r1["ETag"]!));

        SockJsAssert.Status(r, 304);
        Assert.True(r["Content-Type"] is null, $"A 304 must have no Content-Type:\n{r.Describe()}");
        SockJsAssert.EmptyBody(r);
    }

    private static async Task VerifyIframeAsync(string url)
    {
        var r = await RawHttp.GetAsync(url);

        SockJsAssert.Status(r, 200);
        SockJsAssert.ContentType(r, "text/html;charset=UTF-8");
        SockJsAssert.LongCached(r);
        Assert.False(string.IsNullOrEmpty(r["ETag"]), $"Expected an ETag:\n{r.Describe()}");
        Assert.False(r.HasHeader("Last-Modified"), $"The iframe page must have no Last-Modified:\n{r.Describe()}");
        var match = IframeBody().Match(r.BodyText.Trim());
        Assert.True(match.Success, $"The iframe body does not match the bootstrap page:\n{r.BodyText}");
        var sockJsUrl = match.Groups["url"].Value;
        Assert.True(
            sockJsUrl.StartsWith('/') || sockJsUrl.StartsWith("http", StringComparison.Ordinal),
            $"The sockjs_url must start with / or http, was {sockJsUrl}");
        SockJsAssert.NoCookie(r);
    }

    // The bootstrap page, line by line; only the script URL may vary.
    [GeneratedRegex(
        "^<!DOCTYPE html>\n" +
        "<html>\n" +
        "<head>\n" +
        "  <meta http-equiv=\"X-UA-Compatible\" content=\"IE=edge\" />\n" +
        "  <meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\" />\n" +
        "  <script src=\"(?<url>[^\"]*)\"></script>\n" +
        "  <script>\n" +
        "    document\\.domain = document\\.domain;\n" +
        "    SockJS\\.bootstrap_iframe\\(\\);\n" +
        "  </script>\n" +
        "</head>\n" +
        "<body>\n" +
        "  <h2>Don't panic!</h2>\n" +
        "  <p>This is a SockJS hidden iframe\\. It's used for cross domain magic\\.</p>\n" +
        "</body>\n" +
        "</html>$")]
    private static partial Regex IframeBody();
}
