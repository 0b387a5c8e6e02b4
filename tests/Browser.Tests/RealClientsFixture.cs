using Realtime.TestKit;

namespace Realtime.Browser.Tests;

/// <summary>
/// One edge (protocol test services on, serving the local sockjs-client build for its iframe page)
/// and one page server on another port, shared by the real-client tests of a collection.
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
            _edge = await EdgeServer.StartAsync(new Dictionary<string, string?>
            {
                ["Edge:SockJsClientFile"] = RepoPaths.SockJsClientScript,
                ["Edge:SockJsClientUrl"] = "/lib/sockjs.min.js",
            });
            _pages = await PageServer.StartAsync();
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
