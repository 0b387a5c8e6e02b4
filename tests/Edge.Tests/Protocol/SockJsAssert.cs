using System.Text.RegularExpressions;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Protocol;

/// <summary>The checks the protocol suite applies to many responses, each failing with the whole response.</summary>
internal static partial class SockJsAssert
{
    /// <summary>The exact no-cache header every private response carries.</summary>
    public const string NoCache = "no-store, no-cache, no-transform, must-revalidate, max-age=0";

    public static void Status(RawHttpResponse r, int expected) =>
        Assert.True(r.StatusCode == expected, $"Expected status {expected}, got:\n{r.Describe()}");

    public static void Body(RawHttpResponse r, string expected) =>
        Assert.True(r.BodyText == expected, $"Expected body \"{Shorten(expected)}\", got:\n{Escape(r.Describe())}");

    public static void StatusAndBody(RawHttpResponse r, int status, string body)
    {
        Status(r, status);
        Body(r, body);
    }

    public static void BodyContains(RawHttpResponse r, string expected) =>
        Assert.True(r.BodyText.Contains(expected, StringComparison.Ordinal), $"Expected the body to contain \"{expected}\", got:\n{r.Describe()}");

    public static void EmptyBody(RawHttpResponse r) =>
        Assert.True(r.Body.Length == 0, $"Expected no body, got:\n{r.Describe()}");

    public static void NotFound(RawHttpResponse r) => Status(r, 404);

    /// <summary>405 with an <c>Allow</c> header, no Content-Type and an empty body.</summary>
    public static void MethodNotAllowed(RawHttpResponse r)
    {
        Status(r, 405);
        Assert.True(r["Content-Type"] is null or "", $"A 405 must have no Content-Type:\n{r.Describe()}");
        Assert.True(!string.IsNullOrEmpty(r["Allow"]), $"A 405 must list the allowed methods in Allow:\n{r.Describe()}");
        EmptyBody(r);
    }

    /// <summary>Content-Type equals <paramref name="expected"/> once spaces are removed (case-sensitive).</summary>
    public static void ContentType(RawHttpResponse r, string expected) =>
        Assert.True(r["Content-Type"]?.Replace(" ", "", StringComparison.Ordinal) == expected, $"Expected Content-Type {expected}, got:\n{r.Describe()}");

    public static void NotCached(RawHttpResponse r)
    {
        Assert.True(r["Cache-Control"] == NoCache, $"Expected Cache-Control: {NoCache}, got:\n{r.Describe()}");
        Assert.True(!r.HasHeader("Expires"), $"A non-cacheable response must have no Expires:\n{r.Describe()}");
        Assert.True(!r.HasHeader("Last-Modified"), $"A non-cacheable response must have no Last-Modified:\n{r.Describe()}");
    }

    /// <summary>Cache-Control with <c>public</c> and a max-age of seven digits or more, plus Expires.</summary>
    public static void LongCached(RawHttpResponse r)
    {
        var cacheControl = r["Cache-Control"] ?? "";
        Assert.True(cacheControl.Contains("public", StringComparison.Ordinal), $"Expected a public Cache-Control:\n{r.Describe()}");
        Assert.True(LargeMaxAge().IsMatch(cacheControl), $"max-age must be large, a year (31536000) is best:\n{r.Describe()}");
        Assert.True(!string.IsNullOrEmpty(r["Expires"]), $"Expected an Expires header:\n{r.Describe()}");
    }

    /// <summary>
    /// With an Origin: that origin echoed and credentials <c>true</c>; without one: <c>*</c> and no
    /// credentials header.
    /// </summary>
    public static void Cors(RawHttpResponse r, string? origin = null)
    {
        if (origin is not null)
        {
            Assert.True(r["Access-Control-Allow-Origin"] == origin, $"Expected Access-Control-Allow-Origin: {origin}:\n{r.Describe()}");
            Assert.True(r["Access-Control-Allow-Credentials"] == "true", $"Expected Access-Control-Allow-Credentials: true:\n{r.Describe()}");
        }
        else
        {
            Assert.True(r["Access-Control-Allow-Origin"] == "*", $"Expected Access-Control-Allow-Origin: *:\n{r.Describe()}");
            Assert.True(string.IsNullOrEmpty(r["Access-Control-Allow-Credentials"]), $"Expected no Access-Control-Allow-Credentials without an Origin:\n{r.Describe()}");
        }
    }

    public static void NoCookie(RawHttpResponse r) =>
        Assert.True(string.IsNullOrEmpty(r["Set-Cookie"]), $"Expected no Set-Cookie:\n{r.Describe()}");

    /// <summary><c>Set-Cookie: JSESSIONID=&lt;value&gt;; path=/</c> (first two parts, path case-insensitive).</summary>
    public static void JSessionIdCookie(RawHttpResponse r, string value = "dummy")
    {
        var parts = (r["Set-Cookie"] ?? "").Split(';');
        Assert.True(parts.Length >= 2, $"Expected Set-Cookie: JSESSIONID={value}; path=/:\n{r.Describe()}");
        Assert.True(parts[0].Trim() == $"JSESSIONID={value}", $"Expected JSESSIONID={value}:\n{r.Describe()}");
        Assert.True(parts[1].Trim().ToLowerInvariant() == "path=/", $"Expected path=/ after the cookie value:\n{r.Describe()}");
    }

    /// <summary>
    /// The CORS preflight every OPTIONS route answers, for <c>Origin: test</c> and <c>Origin: null</c>:
    /// 204 or 200, empty, long-cached, a large Access-Control-Max-Age, every requested method allowed,
    /// the origin echoed with credentials.
    /// </summary>
    public static async Task OptionsAsync(string url, string allowedMethods)
    {
        foreach (var origin in new[] { "test", "null" })
        {
            var r = await RawHttp.OptionsAsync(url, ("Access-Control-Request-Method", allowedMethods), ("Origin", origin));
            Assert.True(r.StatusCode is 200 or 204, $"Expected 204 or 200 to OPTIONS {url}:\n{r.Describe()}");
            LongCached(r);
            Assert.True(
                long.TryParse(r["Access-Control-Max-Age"], out var maxAge) && maxAge > 1_000_000,
                $"Expected Access-Control-Max-Age above 1000000:\n{r.Describe()}");
            foreach (var method in allowedMethods.Split(','))
            {
                Assert.True(
                    (r["Access-Control-Allow-Methods"] ?? "").Contains(method.Trim(), StringComparison.Ordinal),
                    $"Access-Control-Allow-Methods must contain {method.Trim()}:\n{r.Describe()}");
            }

            EmptyBody(r);
            Cors(r, origin);
        }
    }

    /// <summary>Reads one HTTP chunk and requires it to be exactly <paramref name="expected"/>.</summary>
    public static async Task ChunkAsync(RawHttpConnection c, string expected, string what)
    {
        var chunk = await c.ReadChunkTextAsync(what);
        Assert.True(
            chunk == expected,
            $"Expected the chunk \"{Shorten(expected)}\" ({expected.Length} chars; {what}), got \"{Shorten(chunk)}\" ({chunk.Length} chars)");
    }

    /// <summary>Reads the terminating zero-length chunk: the server ended the streaming response.</summary>
    public static async Task EndOfChunksAsync(RawHttpConnection c, string what)
    {
        var chunk = await c.ReadChunkTextAsync(what);
        Assert.True(chunk.Length == 0, $"Expected the stream to end ({what}), got another chunk \"{Shorten(chunk)}\" ({chunk.Length} chars)");
    }

    /// <summary>Makes CR, LF and other control characters visible in failure messages.</summary>
    public static string Escape(string s) =>
        s.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n\n", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal);

    /// <summary><see cref="Escape"/>, with long text cut in the middle.</summary>
    public static string Shorten(string s) =>
        Escape(s.Length <= 160 ? s : s[..80] + $"...<{s.Length - 150} more>..." + s[^70..]);

    [GeneratedRegex("max-age=[1-9][0-9]{6}")]
    private static partial Regex LargeMaxAge();
}
