using System.Text.Json;

namespace Realtime.Browser.Tests;

/// <summary>What tests/clients/browser-run.js reported for the echo page: its sessions plus what Chromium saw.</summary>
public sealed class BrowserRun : BrowserRun<BrowserPageResult>
{
}

/// <summary>What tests/clients/browser-run.js reported: the page's <c>window.__result</c> plus what Chromium saw.</summary>
/// <typeparam name="TResult">The shape of the page's result.</typeparam>
public class BrowserRun<TResult>
    where TResult : class
{
    /// <summary>The page's <c>window.__result</c>; null when the page gave none.</summary>
    public TResult? Result { get; init; }

    /// <summary>Why there is no result (launch, navigation, deadline), or null.</summary>
    public string? Error { get; init; }

    /// <summary>The page's <c>window.__progress</c> when the run failed.</summary>
    public JsonElement? Progress { get; init; }

    /// <summary>Console messages of the page and its frames.</summary>
    public IReadOnlyList<string> Console { get; init; } = [];

    /// <summary>Uncaught errors in the page.</summary>
    public IReadOnlyList<string> PageErrors { get; init; } = [];

    /// <summary>Requests that failed at the network level (aborted ones included).</summary>
    public IReadOnlyList<string> FailedRequests { get; init; } = [];

    /// <summary>Responses with status 400 or above.</summary>
    public IReadOnlyList<string> HttpErrors { get; init; } = [];

    /// <summary>Driver run time.</summary>
    public long ElapsedMs { get; init; }

    /// <summary>What Chromium saw, for failure messages.</summary>
    public string Describe()
    {
        static string List(IReadOnlyList<string> items) => items.Count == 0 ? "(none)" : "\n    " + string.Join("\n    ", items);
        return $"browser run: error={Error ?? "(none)"} elapsed={ElapsedMs}ms\n" +
            $"  progress: {(Progress is { } p ? p.GetRawText() : "(none)")}\n" +
            $"  console: {List(Console)}\n  page errors: {List(PageErrors)}\n" +
            $"  failed requests: {List(FailedRequests)}\n  HTTP errors: {List(HttpErrors)}";
    }
}
