namespace Realtime.Samples.Tests.Browser;

/// <summary>What tests/clients/browser-steps.js reported: each step's outcome and what Chromium saw per user.</summary>
public sealed class PageRun
{
    /// <summary>The steps that ran, in order; the last one failed when <see cref="Error"/> is set.</summary>
    public IReadOnlyList<PageStepResult> Steps { get; init; } = [];

    /// <summary>Why the run stopped early, or null.</summary>
    public string? Error { get; init; }

    /// <summary>Each user's page text when the run failed.</summary>
    public IReadOnlyDictionary<string, string>? Pages { get; init; }

    /// <summary>What Chromium saw, per user.</summary>
    public IReadOnlyDictionary<string, PageDiagnostics> Users { get; init; } = new Dictionary<string, PageDiagnostics>();

    /// <summary>Driver run time.</summary>
    public long ElapsedMs { get; init; }

    /// <summary>What the <c>read</c> step <paramref name="step"/> read.</summary>
    public IReadOnlyList<string?> Values(string step) =>
        Steps.FirstOrDefault(s => s.Name == step)?.Values ?? throw new InvalidOperationException($"no read step \"{step}\" ran.\n{Describe()}");

    /// <summary>The steps, each page's text on failure and what Chromium saw, for failure messages.</summary>
    public string Describe()
    {
        static string List(IReadOnlyList<string> items) => items.Count == 0 ? "(none)" : "\n      " + string.Join("\n      ", items);
        var steps = Steps.Select(s => $"    {s.Name} ({s.Ms} ms){(s.Values is null ? string.Empty : ": [" + string.Join(", ", s.Values) + "]")}{(s.Error is null ? string.Empty : " FAILED: " + s.Error)}");
        var pages = (Pages ?? new Dictionary<string, string>()).Select(p => $"    {p.Key}'s page:\n      {p.Value.Replace("\n", "\n      ", StringComparison.Ordinal)}");
        var users = Users.Select(u =>
            $"    {u.Key}: console: {List(u.Value.Console)}\n    page errors: {List(u.Value.PageErrors)}\n" +
            $"    failed requests: {List(u.Value.FailedRequests)}\n    HTTP errors: {List(u.Value.HttpErrors)}");
        return $"browser steps: error={Error ?? "(none)"} elapsed={ElapsedMs}ms\n  steps:\n{string.Join('\n', steps)}\n" +
            $"{string.Join('\n', pages)}\n{string.Join('\n', users)}";
    }
}
