using System.Globalization;
using System.Security.Cryptography;

namespace Realtime.Browser.Tests;

/// <summary>
/// An edge with a co-hosted silo that accepts only tokens (no anonymous access) signed with a random
/// HS256 secret, and knows one namespace, <c>chat</c>, where clients may publish; tokens come from the
/// edge's own token tool, run as a process.
/// </summary>
public sealed class TokenEdgeFixture : IAsyncLifetime
{
    private EdgeServer? _edge;
    private Exception? _startFailure;

    /// <summary>The HS256 secret the edge checks tokens with: 48 random hex characters.</summary>
    public string Secret { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    /// <summary>The edge's realtime service, <c>http://127.0.0.1:PORT/realtime</c>.</summary>
    public string RealtimeUrl => Started().Url + "/realtime";

    /// <summary>Runs the token tool with this edge's secret and <paramref name="arguments"/> (<c>--sub alice ...</c>).</summary>
    public Task<string> TokenAsync(params string[] arguments) => TokenTool.CreateAsync(["--secret", Secret, .. arguments]);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:AllowAnonymous"] = "false",
            ["Auth:HmacSecret"] = Secret,
            ["Namespaces:chat:ClientPublish"] = "true",

            // The pages come from the collection's page server, whose port this class fixture cannot know.
            ["Edge:AllowedOrigins:0"] = "*",
        };
        foreach (var key in EdgeServer.OpenAccess.Keys.Where(k => k.StartsWith("Namespaces:", StringComparison.Ordinal)))
        {
            settings[key] = null;
        }

        if (File.Exists(RepoPaths.SockJsClientScript))
        {
            // The iframe-based transports load sockjs-client from the edge; serve the local build.
            settings["Edge:SockJsClientFile"] = RepoPaths.SockJsClientScript;
            settings["Edge:SockJsClientUrl"] = "/lib/sockjs.min.js";
        }

        try
        {
            _edge = await EdgeServer.StartClusterAsync("browser-tokens-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture), settings: settings);
        }
        catch (Exception e)
        {
            _startFailure = e;
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_edge is not null)
        {
            await _edge.DisposeAsync();
        }
    }

    private EdgeServer Started()
    {
        if (_startFailure is not null)
        {
            Assert.Fail($"The token-only edge did not start: {_startFailure}");
        }

        return _edge!;
    }
}
