using System.Net;
using Microsoft.Extensions.Options;
using Realtime.Samples.Chat.Hosting;

namespace Realtime.Samples.Tests.Chat;

/// <summary>What the sample's host serves besides the protocol, and the chat rules it refuses to start with.</summary>
[Collection(ChatCollection.Name)]
public sealed class ChatHostTests(ChatCluster cluster)
{
    [Fact]
    public async Task Root_IsTheChatPage_ItsClientScriptFollowsTheEdgeSetting_AndTheDemoIsOff()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = cluster.B.BaseAddress };

        var page = await http.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("chat.js", html, StringComparison.Ordinal);
        Assert.Contains(ChatHost.SockJsClientPath, html, StringComparison.Ordinal);

        var script = await http.GetAsync(new Uri(ChatHost.SockJsClientPath, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, script.StatusCode);
        Assert.Equal("/lib/sockjs.min.js", script.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/lib/sockjs.min.js", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/chat.js", UriKind.Relative))).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("/demo/info", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [InlineData("Chat:BannedWords:0", "two words", "Chat:BannedWords:0")]
    [InlineData("Chat:BannedWords:0", "bad-word", "Chat:BannedWords:0")]
    [InlineData("Chat:MaxNameLength", "0", "Chat:MaxNameLength")]
    [InlineData("Chat:MaxTextLength", "-1", "Chat:MaxTextLength")]
    [InlineData("Chat:BannedWord", "typo", "BannedWord")]
    public async Task BadChatRules_StopStartUp_NamingTheKey(string key, string value, string named)
    {
        var settings = ChatCluster.Settings();
        settings["Cluster:Mode"] = "None";
        settings[key] = value;

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => EdgeServer.StartAsync(settings, host: ChatHost.Build));
        Assert.True(failure is OptionsValidationException or InvalidOperationException, failure.ToString());
        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }
}
