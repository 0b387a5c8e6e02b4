namespace Realtime.Browser.Tests;

/// <summary>sockjs-client in Node (tests/clients/node-echo.js): one process per session.</summary>
public static class NodeClient
{
    /// <summary>Runs <paramref name="session"/> in a new node process and returns what it saw.</summary>
    public static Task<ClientSession> RunAsync(SessionSpec session) =>
        NodeScript.RunAsync<ClientSession>(
            "node-echo.js",
            session,
            TimeSpan.FromMilliseconds(session.DeadlineMs) + TimeSpan.FromSeconds(15),
            $"sockjs-client in Node on {session.Url} over {string.Join("/", session.Transports ?? ["the default transports"])}");
}
