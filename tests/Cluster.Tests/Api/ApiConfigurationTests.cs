using System.Net;
using Microsoft.Extensions.Options;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests.Api;

/// <summary>The API's settings: off without keys, and an edge with a bad key setting refuses to start.</summary>
public sealed class ApiConfigurationTests
{
    [Fact]
    public async Task WithoutKeys_TheApiIsOff_EverywhereUnderItsPrefix()
    {
        await using var edge = await EdgeServer.StartClusterAsync("no-api-" + Guid.NewGuid().ToString("N")[..8]);
        using var api = new ApiClient(edge, ApiFixture.OldKey);
        foreach (var path in new[] { "/api/info", "/api/channels", "/api/openapi.json" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync(path)).Status);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync("/api/publish", "{\"channel\":\"chat:x\",\"data\":1}")).Status);
    }

    [Theory]
    [InlineData("Api:Keys:0:Key", "short-key", "Api:Keys:0:Key has 9 characters; an API key needs at least 32")]
    [InlineData("Api:Keys:0:Key", "a key with spaces in it, long enough to pass", "Api:Keys:0:Key contains white space")]
    [InlineData("Api:Keys:0:Namespaces:0", "bad name!", "Api:Keys:0:Namespaces:0: a namespace name is")]
    [InlineData("Api:MaxRequestBytes", "10", "Api:MaxRequestBytes must be 1,024 to 16,777,216")]
    public async Task BadSetting_StopsTheEdgeFromStarting(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?> { ["Api:Keys:0:Key"] = ApiFixture.OldKey, [key] = value };
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => EdgeServer.StartClusterAsync("bad-api-" + Guid.NewGuid().ToString("N")[..8], settings: settings));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMisspeltKeySetting_StopsTheEdgeFromStarting_RatherThanLeaveAKeyUnlimited()
    {
        var settings = new Dictionary<string, string?> { ["Api:Keys:0:Key"] = ApiFixture.OldKey, ["Api:Keys:0:Namespace:0"] = "news" };
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => EdgeServer.StartClusterAsync("typo-api-" + Guid.NewGuid().ToString("N")[..8], settings: settings));
        Assert.Contains("not found on the instance of Realtime.Edge.Api.ApiKeyOptions: 'Namespace'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepeatedKeys_StopTheEdgeFromStarting()
    {
        var settings = new Dictionary<string, string?> { ["Api:Keys:0:Key"] = ApiFixture.OldKey, ["Api:Keys:1:Key"] = ApiFixture.OldKey };
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => EdgeServer.StartClusterAsync("twice-api-" + Guid.NewGuid().ToString("N")[..8], settings: settings));
        Assert.Contains("Api:Keys:1:Key repeats an earlier key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiFixture.OldKey, error.Message, StringComparison.Ordinal);
    }
}
