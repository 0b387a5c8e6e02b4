using Realtime.TestKit;

namespace Realtime.Edge.Tests.Protocol;

/// <summary>
/// The server the conformance suite runs against: one in-process edge with default settings
/// (the test services <c>/echo</c>, <c>/close</c>, <c>/disabled_websocket_echo</c>,
/// <c>/cookie_needed_echo</c> on), shared by the <see cref="SockJsCollection"/>.
/// </summary>
/// <remarks>
/// Set the environment variable <c>SOCKJS_TEST_BASE_URL</c> to run the same suite against an
/// external server instead, for example the reference sockjs-node serving the four services on
/// 127.0.0.1:8081 (<c>/echo</c> with <c>response_limit: 4096</c>, <c>/disabled_websocket_echo</c>
/// with <c>websocket: false</c>, <c>/cookie_needed_echo</c> with <c>jsessionid: true</c>, and
/// <c>/close</c> closing every session with 3000 "Go away!"):
/// <code>SOCKJS_TEST_BASE_URL=http://127.0.0.1:8081 dotnet test tests/Edge.Tests --filter "FullyQualifiedName~Realtime.Edge.Tests.Protocol"</code>
/// Tests that need their own timings or limits (<see cref="EdgeOnlyFactAttribute"/>) are skipped then.
/// </remarks>
public sealed class SockJsServerFixture : IAsyncLifetime
{
    /// <summary>Environment variable naming an external server's base URL (no trailing slash needed).</summary>
    public const string BaseUrlVariable = "SOCKJS_TEST_BASE_URL";

    private EdgeServer? _server;

    /// <summary>The external base URL from <see cref="BaseUrlVariable"/>, or null to run the in-process edge.</summary>
    public static string? ExternalBaseUrl =>
        Environment.GetEnvironmentVariable(BaseUrlVariable) is { Length: > 0 } url ? url.TrimEnd('/') : null;

    /// <summary>Whether the suite targets an external server.</summary>
    public bool IsExternal => ExternalBaseUrl is not null;

    /// <summary><c>http://host:port</c> of the server under test, no trailing slash.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The echo service (response limit 4096).</summary>
    public string EchoUrl => BaseUrl + "/echo";

    /// <summary>The service that closes each new session with 3000 "Go away!".</summary>
    public string CloseUrl => BaseUrl + "/close";

    /// <summary>The echo service with the WebSocket transports turned off.</summary>
    public string WsOffUrl => BaseUrl + "/disabled_websocket_echo";

    /// <summary>The echo service that sets the JSESSIONID cookie.</summary>
    public string CookieUrl => BaseUrl + "/cookie_needed_echo";

    /// <summary>A fresh session URL <c>service/000/&lt;uuid&gt;</c> under <paramref name="serviceUrl"/>.</summary>
    public static string NewSession(string serviceUrl) => $"{serviceUrl}/000/{Guid.NewGuid()}";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (ExternalBaseUrl is { } external)
        {
            BaseUrl = external;
            return;
        }

        _server = await EdgeServer.StartAsync();
        BaseUrl = _server.Url;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
