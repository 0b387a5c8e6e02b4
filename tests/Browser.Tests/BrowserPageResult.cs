namespace Realtime.Browser.Tests;

/// <summary>The test page's <c>window.__result</c> (tests/clients/page/echo-page.js).</summary>
public sealed class BrowserPageResult
{
    /// <summary>One entry per requested session, in order.</summary>
    public IReadOnlyList<ClientSession> Sessions { get; init; } = [];

    /// <summary>Set when the page could not run the sessions.</summary>
    public string? Error { get; init; }
}
