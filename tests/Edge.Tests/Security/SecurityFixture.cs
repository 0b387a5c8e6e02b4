using System.Net;
using Microsoft.Extensions.Configuration;
using Realtime.Edge.Auth;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Security;

/// <summary>
/// One edge with a co-hosted silo and production defaults for its own services (<c>/realtime</c> and the
/// echo service <c>/demo</c>): same origin plus <see cref="AllowedOrigin"/> and <see cref="AllowedWildcard"/>,
/// session ids of 8 or more, the default probe budget. Tokens are signed with <see cref="Secret"/>;
/// anonymous connections are allowed too. The protocol test services (<c>/echo</c>, ...) keep their permissive settings.
/// </summary>
/// <remarks>Abuse tests use their own loopback source address (127.0.0.x), so one test's probes never spend another's budget.</remarks>
public sealed class SecurityFixture : IAsyncLifetime
{
    public const string Secret = "security-test-secret-of-at-least-thirty-two-bytes";
    public const string AllowedOrigin = "https://app.example";
    public const string AllowedWildcard = "https://*.example.net";
    public const string EvilOrigin = "https://evil.example";

    private EdgeServer? _edge;

    public EdgeServer Edge => _edge ?? throw new InvalidOperationException("The security edge did not start.");

    /// <summary>The SockJS echo service with production defaults.</summary>
    public string Demo => Edge.Url + "/demo";

    /// <summary>The realtime service.</summary>
    public string Realtime => Edge.Url + "/realtime";

    /// <summary>The loopback address of well-behaved clients.</summary>
    public static IPAddress Bystander => IPAddress.Loopback;

    /// <summary>A fresh session URL under <paramref name="service"/> (a 32-character id).</summary>
    public static string NewSession(string service) => $"{service}/000/{Guid.NewGuid():N}";

    /// <summary>A connection token for <paramref name="user"/> signed with <see cref="Secret"/>.</summary>
    public static string Token(string user) =>
        TokenCommand.Create(new Dictionary<string, string> { ["sub"] = user, ["ttl"] = "1h", ["secret"] = Secret }, new ConfigurationBuilder().Build(), DateTimeOffset.UtcNow);

    public async Task InitializeAsync()
    {
        _edge = await EdgeServer.StartClusterAsync("security-" + Guid.NewGuid().ToString("N")[..8], settings: new Dictionary<string, string?>
        {
            ["Auth:HmacSecret"] = Secret,
            // The flood tests send 1,000 frames at once: a tenth of the default rate makes that a flood.
            ["SockJs:MaxFramesPerSecond"] = "100",
            ["Edge:AllowedOrigins:0"] = AllowedOrigin,
            ["Edge:AllowedOrigins:1"] = AllowedWildcard,
        });
    }

    public async Task DisposeAsync()
    {
        if (_edge is not null)
        {
            await _edge.DisposeAsync();
        }
    }
}
