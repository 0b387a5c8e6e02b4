using System.Net;
using System.Text;
using static Realtime.Cluster.Tests.Api.ApiFixture;

namespace Realtime.Cluster.Tests.Api;

/// <summary>Bodies the API refuses: not JSON (400, saying where), not <c>application/json</c> (415), too large (413).</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiRequestTests(ApiFixture cluster)
{
    [Theory]
    [InlineData("{\"channel\":\"news:x\",\"data\":}", "malformed JSON: '}' is an invalid start of a value. LineNumber: 0 | BytePositionInLine: 27.")]
    [InlineData("{\"channel\":\"news:x\"", "malformed JSON: ")]
    [InlineData("", "the body is empty; expected a JSON object")]
    [InlineData("[1,2]", "the body must be a JSON object, not an array")]
    [InlineData("\"text\"", "the body must be a JSON object, not a string")]
    [InlineData("{\"data\":1}", "\"channel\" is required")]
    [InlineData("{\"channel\":7,\"data\":1}", "\"channel\" must be a string, not a number")]
    [InlineData("{\"channel\":\"news:x\"}", "\"data\" is required")]
    [InlineData("{\"channel\":\"news:x\",\"data\":1,\"chanel\":2}", "unknown field \"chanel\"; expected \"channel\", \"data\"")]
    [InlineData("{\"channel\":\"news:x\",\"channel\":\"news:y\",\"data\":1}", "malformed JSON: ")]
    [InlineData("{\"channel\":\"\",\"data\":1}", "a channel name has 1 to 255 characters")]
    public async Task MalformedBody_Is400_WithAPreciseMessage(string body, string message)
    {
        using var api = new ApiClient(cluster.A);
        (await api.PostAsync("/api/publish", body)).AssertError(400, message);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=latin1")]
    public async Task AnotherContentType_Is415(string contentType)
    {
        using var api = new ApiClient(cluster.A);
        (await api.PostAsync("/api/publish", "{\"channel\":\"news:x\",\"data\":1}", contentType)).AssertError(415, "Content-Type must be application/json");
    }

    [Fact]
    public async Task NoContentType_Is415_AndJsonWithCharset_IsFine()
    {
        using var api = new ApiClient(cluster.A);
        var body = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"channel\":\"news:x\",\"data\":1}"));
        (await api.SendAsync(HttpMethod.Post, "/api/publish", body)).AssertError(415, "Content-Type must be application/json; the request has none");
        (await api.PostAsync("/api/publish", "{\"channel\":\"" + Channel("news") + "\",\"data\":1}", "Application/JSON; charset=UTF-8")).Ok();
    }

    [Fact]
    public async Task BodyOverTheLimit_Is413_WithOrWithoutAContentLength()
    {
        var body = "{\"channel\":\"" + Channel("news") + "\",\"data\":\"" + new string('x', MaxRequestBytes) + "\"}";
        using var api = new ApiClient(cluster.A);
        (await api.PostAsync("/api/publish", body)).AssertError(413, $"the body is over {MaxRequestBytes} bytes");

        // Chunked: no Content-Length to refuse it by, so the API stops reading at the limit.
        var response = await api.SendAsync(HttpMethod.Post, "/api/publish", new NoLengthContent(Encoding.UTF8.GetBytes(body)));
        response.AssertError(413, $"the body is over {MaxRequestBytes} bytes");

        // Exactly at the limit is fine.
        var prefix = "{\"channel\":\"" + Channel("news") + "\",\"data\":\"";
        var fits = prefix + new string('y', MaxRequestBytes - prefix.Length - 2) + "\"}";
        Assert.Equal(MaxRequestBytes, Encoding.UTF8.GetByteCount(fits));
        (await api.PostAsync("/api/publish", fits)).Ok();
    }

    [Fact]
    public async Task UnknownPathsAndMethods_AreNotServed()
    {
        using var api = new ApiClient(cluster.A);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/nothing")).Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await api.GetAsync("/api/publish")).Status);
    }
}
