using System.Text.Json;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Protocol;

/// <summary><c>/info</c>: capabilities JSON, fresh entropy, CORS and its preflight.</summary>
[Collection(SockJsCollection.Name)]
public sealed class InfoTests(SockJsServerFixture server)
{
    [Fact]
    public async Task Info_ReportsCapabilities_NotCachedWithCors()
    {
        var r = await RawHttp.GetAsync(server.EchoUrl + "/info", ("Origin", "test"));

        SockJsAssert.Status(r, 200);
        SockJsAssert.ContentType(r, "application/json;charset=UTF-8");
        SockJsAssert.NoCookie(r);
        SockJsAssert.NotCached(r);
        SockJsAssert.Cors(r, "test");
        using var json = JsonDocument.Parse(r.BodyText);
        var info = json.RootElement;
        Assert.Equal(JsonValueKind.True, info.GetProperty("websocket").ValueKind);
        Assert.Contains(info.GetProperty("cookie_needed").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
        Assert.Equal(new[] { "*:*" }, info.GetProperty("origins").EnumerateArray().Select(e => e.GetString() ?? "").ToArray());
        AssertEntropy(info);
    }

    [Fact]
    public async Task Info_EntropyDiffersBetweenCalls()
    {
        using var first = JsonDocument.Parse((await RawHttp.GetAsync(server.EchoUrl + "/info")).BodyText);
        using var second = JsonDocument.Parse((await RawHttp.GetAsync(server.EchoUrl + "/info")).BodyText);

        var a = AssertEntropy(first.RootElement);
        var b = AssertEntropy(second.RootElement);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public async Task Info_Options_AnswersCorsPreflight()
    {
        await SockJsAssert.OptionsAsync(server.EchoUrl + "/info", "OPTIONS, GET");
    }

    [Fact]
    public async Task Info_OptionsWithNullOrigin_EchoesNull()
    {
        var r = await RawHttp.OptionsAsync(server.EchoUrl + "/info", ("Origin", "null"), ("Access-Control-Request-Method", "POST"));

        Assert.True(r.StatusCode is 200 or 204, r.Describe());
        SockJsAssert.EmptyBody(r);
        Assert.Equal("null", r["Access-Control-Allow-Origin"]);
    }

    [Fact]
    public async Task Info_DisabledWebSocketService_ReportsWebSocketFalse()
    {
        var r = await RawHttp.GetAsync(server.WsOffUrl + "/info");

        SockJsAssert.Status(r, 200);
        using var json = JsonDocument.Parse(r.BodyText);
        Assert.Equal(JsonValueKind.False, json.RootElement.GetProperty("websocket").ValueKind);
    }

    private static long AssertEntropy(JsonElement info)
    {
        var entropy = info.GetProperty("entropy");
        Assert.True(
            entropy.ValueKind == JsonValueKind.Number && entropy.TryGetInt64(out var value) && value is >= 0 and <= uint.MaxValue,
            $"entropy must be an integer in [0, 2^32-1], was {entropy.GetRawText()}");
        return entropy.GetInt64();
    }
}
