using System.Net;
using System.Text.Json.Nodes;

namespace Realtime.Cluster.Tests.Api;

/// <summary>The OpenAPI document at <c>/api/openapi.json</c> describes the API's endpoints and nothing else.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiOpenApiTests(ApiFixture cluster)
{
    [Fact]
    public async Task OpenApiJson_IsServed_AndListsEveryApiPathOnly()
    {
        // Served without a key: it describes the contract, not the cluster.
        using var api = new ApiClient(cluster.A, key: null);
        var response = await api.GetAsync("/api/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.ContentType);
        var document = response.Json;

        Assert.StartsWith("3.", (string?)document["openapi"], StringComparison.Ordinal);
        var paths = document["paths"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(
            ["/api/broadcast", "/api/channels", "/api/disconnect", "/api/history", "/api/info", "/api/presence", "/api/publish", "/api/unsubscribe"],
            paths);
        Assert.NotNull(document["paths"]!["/api/publish"]!["post"]!["requestBody"]!["content"]!["application/json"]);
        Assert.NotNull(document["paths"]!["/api/history"]!["get"]!["responses"]!["200"]);
        Assert.Contains(document["paths"]!["/api/history"]!["get"]!["parameters"]!.AsArray(), p => (string?)p!["name"] == "since");
        Assert.NotNull(document["paths"]!["/api/publish"]!["post"]!["responses"]!["401"]);
        Assert.Equal("apiKey", (string?)document["components"]!["securitySchemes"]!["apikey"]!["type"]);
        Assert.Equal("Authorization", (string?)document["components"]!["securitySchemes"]!["apikey"]!["name"]);
    }

    [Fact]
    public async Task AnotherDocumentName_IsNotFound()
    {
        using var api = new ApiClient(cluster.A, key: null);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1.json")).Status);
    }
}
