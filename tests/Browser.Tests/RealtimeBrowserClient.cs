using System.Text.Json;

namespace Realtime.Browser.Tests;

/// <summary>The realtime protocol from sockjs-client in headless Chromium: one browser per call, closed before it returns.</summary>
public static class RealtimeBrowserClient
{
    /// <summary>
    /// Opens <c>realtime.html</c> of <paramref name="pageServer"/> in a fresh Chromium and runs <paramref name="scenario"/>;
    /// fails the test when the page reports nothing or the scenario stopped before its last step.
    /// </summary>
    public static async Task<RealtimeRun> RunAsync(PageServer pageServer, RealtimeScenario scenario)
    {
        Prerequisites.RequireChromium();
        var duplicate = scenario.Steps.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        Assert.True(duplicate is null, $"step name \"{duplicate?.Key}\" is used twice; give one a name");

        var scriptDeadline = TimeSpan.FromSeconds(15) + TimeSpan.FromMilliseconds(scenario.DeadlineMs);
        var what = $"Chromium running {scenario.Steps.Count} realtime steps against {scenario.Url}";
        var run = await NodeScript.RunAsync<BrowserRun<RealtimePageResult>>(
            "browser-run.js",
            new
            {
                pageUrl = $"{pageServer.Url}/realtime.html",
                sessions = new[] { scenario },
                deadlineMs = (int)scriptDeadline.TotalMilliseconds,
                chromiumPath = Prerequisites.ChromiumPath,
            },
            scriptDeadline + TimeSpan.FromSeconds(15),
            what);
        if (run.Result is null || run.Result.Error is not null || run.Result.Sessions.Count != 1)
        {
            Assert.Fail($"{what}: the page reported no complete result (page error: {run.Result?.Error ?? "(none)"}).\n{run.Describe()}");
        }

        var result = new RealtimeRun(run.Result.Sessions[0], run.Describe());
        if (result.Scenario.Error is not null || result.Scenario.Steps.Count != scenario.Steps.Count)
        {
            Assert.Fail($"{what}: stopped at step \"{result.Scenario.Steps.LastOrDefault()?.Name}\": {result.Scenario.Error}\n{result.Describe()}");
        }

        return result;
    }
}

/// <summary>A scenario's result with accessors that fail the test naming the step and showing what the browser saw.</summary>
public sealed class RealtimeRun(RealtimeScenarioResult scenario, string browser)
{
    /// <summary>Everything the page reported for the scenario.</summary>
    public RealtimeScenarioResult Scenario { get; } = scenario;

    /// <summary>The <c>ok</c> object of step <paramref name="name"/>'s reply.</summary>
    public JsonElement Ok(string name)
    {
        var reply = Reply(name);
        Assert.True(reply.TryGetProperty("ok", out var ok), $"step \"{name}\" got {reply.GetRawText()}, not an ok reply.\n{Describe()}");
        return ok;
    }

    /// <summary>The <c>error</c> object of step <paramref name="name"/>'s reply, after checking its code.</summary>
    public JsonElement Error(string name, int code)
    {
        var reply = Reply(name);
        Assert.True(
            reply.TryGetProperty("error", out var error) && error.GetProperty("code").GetInt32() == code,
            $"step \"{name}\" got {reply.GetRawText()}, not an error {code}.\n{Describe()}");
        return error;
    }

    /// <summary>The push step <paramref name="name"/> waited for.</summary>
    public JsonElement Push(string name) =>
        Step(name).Push ?? throw new InvalidOperationException($"step \"{name}\" waited for no push.\n{Describe()}");

    /// <summary>Every push of kind <paramref name="kind"/> that <paramref name="socket"/> got.</summary>
    public IReadOnlyList<JsonElement> Pushes(string socket, string kind)
    {
        Assert.True(Scenario.Sockets.TryGetValue(socket, out var found), $"no socket \"{socket}\".\n{Describe()}");
        return found.Pushes.Where(p => p.GetProperty("push").GetString() == kind).ToList();
    }

    /// <summary>The steps with their requests and replies, each socket's pushes, the page's log and what Chromium saw.</summary>
    public string Describe()
    {
        var steps = Scenario.Steps.Select(s =>
            $"    {s.Name}: {(s.Request is { } q ? q.GetRawText() + " -> " + (s.Reply?.GetRawText() ?? "(no reply)") : "awaited " + s.AwaitPush + " -> " + (s.Push?.GetRawText() ?? "(none)"))}");
        var sockets = Scenario.Sockets.Select(kv =>
            $"    {kv.Key} over {kv.Value.Transport ?? "(never opened)"}: pushes {JsonSerializer.Serialize(kv.Value.Pushes)}, close {kv.Value.Close?.GetRawText() ?? "(none)"}, stray {JsonSerializer.Serialize(kv.Value.Stray)}");
        return $"scenario at {Scenario.Url}: error={Scenario.Error ?? "(none)"}\n  steps:\n{string.Join('\n', steps)}\n" +
            $"  sockets:\n{string.Join('\n', sockets)}\n  page log:\n    {string.Join("\n    ", Scenario.Log)}\n{browser}";
    }

    private JsonElement Reply(string name) =>
        Step(name).Reply ?? throw new InvalidOperationException($"step \"{name}\" has no reply.\n{Describe()}");

    private RealtimeStepResult Step(string name) =>
        Scenario.Steps.FirstOrDefault(s => s.Name == name) ?? throw new InvalidOperationException($"no step \"{name}\" ran.\n{Describe()}");
}
