namespace Realtime.Samples.Tests.Browser;

/// <summary>Runs <see cref="PageStep"/>s in headless Chromium (tests/clients/browser-steps.js); one browser per call, closed before it returns.</summary>
public static class PageDriver
{
    /// <summary>
    /// Runs <paramref name="steps"/> for <paramref name="users"/>; fails the test, with every step and what
    /// each page showed, when a step fails or the run passes <paramref name="deadline"/>.
    /// </summary>
    public static async Task<PageRun> RunAsync(IReadOnlyList<string> users, IReadOnlyList<PageStep> steps, TimeSpan deadline, TimeSpan stepTimeout)
    {
        Prerequisites.RequireClientPackages();
        Prerequisites.RequireChromium();
        var duplicate = steps.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        Assert.True(duplicate is null, $"step name \"{duplicate?.Key}\" is used twice; give one a name");

        var what = $"Chromium running {steps.Count} page steps for {string.Join(" and ", users)}";
        var run = await NodeScript.RunAsync<PageRun>(
            "browser-steps.js",
            new
            {
                users,
                steps,
                deadlineMs = (int)deadline.TotalMilliseconds,
                stepTimeoutMs = (int)stepTimeout.TotalMilliseconds,
                chromiumPath = Prerequisites.ChromiumPath,
            },
            deadline + TimeSpan.FromSeconds(15),
            what);
        if (run.Error is not null || run.Steps.Count != steps.Count)
        {
            Assert.Fail($"{what}: {run.Error ?? "stopped early"}\n{run.Describe()}");
        }

        return run;
    }
}
