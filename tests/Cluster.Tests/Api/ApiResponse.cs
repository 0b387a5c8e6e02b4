using System.Net;
using System.Text.Json.Nodes;

namespace Realtime.Cluster.Tests.Api;

/// <summary>What the API answered: status, content type and body, with the checks the tests make on them.</summary>
public sealed record ApiResponse(HttpStatusCode Status, string? ContentType, string Text, string WwwAuthenticate)
{
    public JsonNode Json => JsonNode.Parse(Text) ?? throw new Xunit.Sdk.XunitException("the body is JSON null");

    /// <summary>Asserts a 200 and returns the body.</summary>
    public JsonNode Ok()
    {
        Assert.True(Status == HttpStatusCode.OK, $"expected 200, got {(int)Status}: {Text}");
        return Json;
    }

    /// <summary>Asserts an error of <paramref name="code"/> (status and body) whose message starts with <paramref name="messageStart"/>.</summary>
    public void AssertError(int code, string messageStart)
    {
        Assert.True((int)Status == code, $"expected {code}, got {(int)Status}: {Text}");
        Assert.Equal("application/json", ContentType);
        var error = Json["error"] ?? throw new Xunit.Sdk.XunitException("no \"error\" in " + Text);
        Assert.Equal(code, (int)error["code"]!);
        Assert.StartsWith(messageStart, (string)error["message"]!, StringComparison.Ordinal);
    }
}
