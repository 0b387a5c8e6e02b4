using Realtime.TestKit;

namespace Realtime.Edge.Tests.Security;

/// <summary>
/// Malformed WebSocket upgrades on both WebSocket endpoints of the production-default service: a 400 (405 for a
/// method other than GET, as the SockJS protocol requires), never an upgrade, a 5xx or a hang; the process stays up.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class MalformedUpgradeTests(SecurityFixture fixture)
{
    private const string Key = "x3JJHMbDL1EzLkh9GBhXDw==";

    public static TheoryData<string, string, string[], int> Cases => new()
    {
        { "POST with Upgrade", "POST", ["Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13", $"Sec-WebSocket-Key: {Key}", "Content-Length: 0"], 405 },
        { "HEAD with Upgrade", "HEAD", ["Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13", $"Sec-WebSocket-Key: {Key}"], 405 },
        { "missing Sec-WebSocket-Key", "GET", ["Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13"], 400 },
        { "a key that is not 16 bytes", "GET", ["Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: c2hvcnQ="], 400 },
        { "bad version", "GET", ["Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 12", $"Sec-WebSocket-Key: {Key}"], 400 },
        { "non-numeric version", "GET", ["Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: thirteen", $"Sec-WebSocket-Key: {Key}"], 400 },
        { "duplicate Sec-WebSocket-Key", "GET", ["Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13", $"Sec-WebSocket-Key: {Key}", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="], 400 },
        { "duplicate Upgrade", "GET", ["Upgrade: websocket", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13", $"Sec-WebSocket-Key: {Key}"], 400 },
        { "duplicate Sec-WebSocket-Version", "GET", ["Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8", $"Sec-WebSocket-Key: {Key}"], 400 },
        { "Upgrade to another protocol", "GET", ["Upgrade: h2c", "Connection: Upgrade", "Sec-WebSocket-Version: 13", $"Sec-WebSocket-Key: {Key}"], 400 },
        { "Connection without upgrade", "GET", ["Upgrade: websocket", "Connection: keep-alive", "Sec-WebSocket-Version: 13", $"Sec-WebSocket-Key: {Key}"], 400 },
    };

    public static TheoryData<string, string[]> HixieCases => new()
    {
        { "key1 without spaces", ["Sec-WebSocket-Key1: 4146546015", "Sec-WebSocket-Key2: 12998 5 Y3 1  .P00"] },
        { "key2 missing", ["Sec-WebSocket-Key1: 4 @1  46546xW%0l 1 5"] },
        { "key not divisible by its spaces", ["Sec-WebSocket-Key1: 1 2 3", "Sec-WebSocket-Key2: 12998 5 Y3 1  .P00"] },
        { "key overflowing 32 bits", ["Sec-WebSocket-Key1: 99999999999999999999 ", "Sec-WebSocket-Key2: 12998 5 Y3 1  .P00"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task MalformedUpgrade_IsRefused_OnBothEndpoints(string why, string method, string[] headerLines, int status)
    {
        foreach (var url in new[] { fixture.Demo + "/websocket", SecurityFixture.NewSession(fixture.Demo) + "/websocket" })
        {
            var r = await SendAsync(url, method, headerLines, hixieKey3: false);
            Assert.True(r.StatusCode == status, $"{why} on {url} must get {status}:\n{r.Describe()}");
        }

        await Bystander.AssertUnharmedAsync(fixture);
    }

    [Theory]
    [MemberData(nameof(HixieCases))]
    public async Task HixieWithBadKeys_Is400(string why, string[] keyLines)
    {
        string[] headers = ["Upgrade: WebSocket", "Connection: Upgrade", $"Origin: {SecurityFixture.AllowedOrigin}", .. keyLines];

        var r = await SendAsync(SecurityFixture.NewSession(fixture.Demo) + "/websocket", "GET", headers, hixieKey3: true);

        Assert.True(r.StatusCode == 400, $"hixie-76 with {why} must get 400:\n{r.Describe()}");
        await Bystander.AssertUnharmedAsync(fixture);
    }

    private static async Task<RawHttpResponse> SendAsync(string url, string method, string[] headerLines, bool hixieKey3)
    {
        var headers = headerLines.Select(h => h.Split(": ", 2)).Select(p => (p[0], p[1]));
        await using var c = await RawHttpConnection.ConnectAsync(url);
        await c.WriteRequestAsync(method, RawUrl.Parse(url).Target, headers);
        if (hixieKey3)
        {
            await c.SendAsync(RawHixieWebSocket.ExampleKey3);
        }

        var head = await c.ReadHeadAsync($"the answer to {method} {url}");
        return await c.ReadBodyAsync(head, $"the body of the answer to {method} {url}", headRequest: method == "HEAD");
    }
}
