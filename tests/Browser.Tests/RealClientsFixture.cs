using Realtime.TestKit;

namespace Realtime.Browser.Tests;

/// <summary>
/// One edge (protocol test services on, serving the local sockjs-client build for its iframe page)
/// and one page server on another port, shared by the real-client tests of a collection. The page
/// server's origin is the edge's one allowed origin, so the edge's own services (<c>/demo</c>) serve
/// the pages under the production origin policy while the test services allow any origin.
/// </summary>
public sealed class RealClientsFixture : IAsyncLifetime
{
    private EdgeServer? _edge;
    private PageServer? _pages;
    private Exception? _startFailure;

    /// <summary>The edge; fails the test with what is missing when it could not start.</summary>
    public EdgeServer Edge => Started()._edge!;

    /// <summary>The page server (a different origin from the edge).</summary>
    public PageServer Pages => Started()._pages!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (!File.Exists(RepoPaths.SockJsClientScript))
        {
            return;
        }

        try
        {
            _pages = await PageServer.StartAsync();
            _edge = await EdgeServer.StartAsync(new Dictionary<string, string?>
            {
                ["Edge:SockJsClientFile"] = RepoPaths.SockJsClientScript,
                ["Edge:SockJsClientUrl"] = "/lib/sockjs.min.js",
                ["Edge:AllowedOrigins:0"] = _pages.Url,
            });
        }
        catch (Exception e)
        {
            _startFailure = e;
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_pages is not null)
        {
            await _pages.DisposeAsync();
        }

        if (_edge is not null)
        {
            await _edge.DisposeAsync();
        }
    }

    private RealClientsFixture Started()
    {
        Prerequisites.RequireClientPackages();
        if (_startFailure is not null)
        {
            Assert.Fail($"The edge or the page server did not start: {_startFailure}");
        }

        return this;
    }
}
