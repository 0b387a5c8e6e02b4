namespace Realtime.Samples.Tests.Browser;

/// <summary>What Chromium saw on one user's page, for failure messages.</summary>
public sealed class PageDiagnostics
{
    /// <summary>Console messages.</summary>
    public IReadOnlyList<string> Console { get; init; } = [];

    /// <summary>Uncaught errors in the page.</summary>
    public IReadOnlyList<string> PageErrors { get; init; } = [];

    /// <summary>Requests that failed at the network level (aborted ones included).</summary>
    public IReadOnlyList<string> FailedRequests { get; init; } = [];

    /// <summary>Responses with status 400 or above.</summary>
    public IReadOnlyList<string> HttpErrors { get; init; } = [];
}
