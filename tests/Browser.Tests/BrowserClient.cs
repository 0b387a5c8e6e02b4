namespace Realtime.Browser.Tests;

/// <summary>sockjs-client in headless Chromium: one browser per call, closed before it returns.</summary>
public static class BrowserClient
{
    /// <summary>
    /// Opens <c>echo.html</c> of <paramref name="pageServer"/> in a fresh Chromium and runs
    /// <paramref name="sessions"/> there one after the other; fails the test when the page reports nothing.
    /// </summary>
    public static async Task<IReadOnlyList<ClientSession>> RunAsync(PageServer pageServer, params SessionSpec[] sessions)
    {
        Prerequisites.RequireChromium();
        var scriptDeadline = TimeSpan.FromSeconds(15) + sessions.Aggregate(TimeSpan.Zero, (sum, s) => sum + TimeSpan.FromMilliseconds(s.DeadlineMs));
        var what = $"Chromium running {string.Join(", ", sessions.Select(s => $"{s.Url} over {DescribeTransports(s)}"))}";
        var run = await NodeScript.RunAsync<BrowserRun>(
            "browser-run.js",
            new
            {
                pageUrl = $"{pageServer.Url}/echo.html",
                sessions,
                deadlineMs = (int)scriptDeadline.TotalMilliseconds,
                chromiumPath = Prerequisites.ChromiumPath,
            },
            scriptDeadline + TimeSpan.FromSeconds(15),
            what);
        if (run.Result is null || run.Result.Error is not null || run.Result.Sessions.Count != sessions.Length)
        {
            Assert.Fail($"{what}: the page reported no complete result (page error: {run.Result?.Error ?? "(none)"}).\n{run.Describe()}");
        }

        return run.Result.Sessions.Select(s => s with { Diagnostics = run.Describe() }).ToList();
    }

    private static string DescribeTransports(SessionSpec spec) =>
        spec.Transports is null ? "the default transports" : string.Join("/", spec.Transports);
}
