using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Realtime.Client.SockJs;
using Realtime.Edge.Auth;
using Realtime.TestKit;

namespace Realtime.Client.Tests;

/// <summary>
/// Two co-hosted edges whose silos form one cluster, for the .NET client and the load tool: namespaces with history
/// (<c>resume</c>, the load tool's <c>load</c>, and <c>hist</c> keeping five), presence with join/leave (<c>room</c>),
/// an rpc handler (<c>rpc</c>), tokens signed with <see cref="Secret"/> (a refresh lead of ten minutes, so short-lived
/// ones ask for a refresh at once), and the server API for disconnecting users.
/// </summary>
public sealed class ClientClusterFixture() : TwoEdgeCluster("client-" + Guid.NewGuid().ToString("N")[..8], Settings)
{
    /// <summary>The edges' HS256 secret.</summary>
    public const string Secret = "client-tests-secret-of-at-least-32-bytes!";

    /// <summary>The server API key.</summary>
    public const string ApiKey = "client-tests-api-key-0123456789abcdef";

    /// <summary>Publications the <c>hist</c> namespace keeps.</summary>
    public const int SmallHistory = 5;

    /// <summary>How long a stopped edge stays in the registry without renewing.</summary>
    public static readonly TimeSpan EdgeLease = TimeSpan.FromSeconds(5);

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Channels:EdgeLease"] = "00:00:05",
        ["Realtime:RenewInterval"] = "00:00:01",
        ["Auth:HmacSecret"] = Secret,
        ["Auth:RefreshLead"] = "00:10:00",
        ["Api:Keys:0:Key"] = ApiKey,
        ["Namespaces:resume:Anonymous"] = "Subscribe, Publish, History",
        ["Namespaces:resume:Authenticated"] = "Subscribe, Publish, History",
        ["Namespaces:resume:ClientPublish"] = "true",
        ["Namespaces:resume:HistorySize"] = "1000",
        ["Namespaces:hist:Anonymous"] = "Subscribe, Publish, History",
        ["Namespaces:hist:ClientPublish"] = "true",
        ["Namespaces:hist:HistorySize"] = SmallHistory.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Namespaces:room:Anonymous"] = "Subscribe, Publish, Presence",
        ["Namespaces:room:ClientPublish"] = "true",
        ["Namespaces:room:Presence"] = "true",
        ["Namespaces:room:JoinLeave"] = "true",
        ["Namespaces:load:Anonymous"] = "Subscribe, Publish, History",
        ["Namespaces:load:Authenticated"] = "Subscribe, Publish, History",
        ["Namespaces:load:ClientPublish"] = "true",
        ["Namespaces:load:HistorySize"] = "1000",
        ["Namespaces:rpc:Anonymous"] = "Subscribe",
        ["Namespaces:rpc:Handler"] = typeof(EchoRpcHandler).FullName,
    };

    /// <summary>The realtime service URL of an edge.</summary>
    public static Uri Realtime(EdgeServer edge) => new(edge.Url + "/realtime");

    /// <summary>A channel name no other test uses.</summary>
    public static string NewChannel(string ns) => ns + ":" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Options for a client of <paramref name="url"/> with short timeouts and quick reconnects.</summary>
    public static RealtimeClientOptions Options(Uri url, SockJsTransports transports = SockJsTransports.All) => new()
    {
        Url = url,
        Transports = transports,
        RequestTimeout = TimeSpan.FromSeconds(15),
        ReconnectDelayMin = TimeSpan.FromMilliseconds(50),
        ReconnectDelayMax = TimeSpan.FromSeconds(1),
    };

    /// <summary>
    /// A connection token for <paramref name="user"/> signed with <see cref="Secret"/>. Tokens living less than the
    /// refresh lead (10 min) get <c>refresh-required</c> at once and after every refresh.
    /// </summary>
    public static string Token(string user, string ttl = "1h") =>
        TokenCommand.Create(
            new Dictionary<string, string> { ["sub"] = user, ["ttl"] = ttl, ["secret"] = Secret },
            new ConfigurationBuilder().Build(),
            DateTimeOffset.UtcNow);

    /// <summary>Ends every connection of <paramref name="user"/> through the server API, asking clients to reconnect.</summary>
    public async Task DisconnectAsync(string user, int code = 3000, bool reconnect = true)
    {
        using var http = new HttpClient();
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, A.Url + "/api/disconnect")
            {
                Content = new StringContent($$"""{"user":"{{user}}","code":{{code}},"reason":"test","reconnect":{{(reconnect ? "true" : "false")}}}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("apikey", ApiKey);
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();

            // An edge another test stopped without unregistering (its unregister can lose the race with its
            // own cluster client's shutdown) is listed until its lease runs out, and the API, asking every
            // edge, answers 500 "did not answer" meanwhile. The request is safe to repeat, as the API says.
            if ((int)response.StatusCode == 500 && body.Contains("did not answer", StringComparison.Ordinal) && deadline.Elapsed < EdgeLease * 3)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
                continue;
            }

            Assert.True(response.IsSuccessStatusCode, $"POST /api/disconnect answered {(int)response.StatusCode}: {body}");
            return;
        }
    }
}
