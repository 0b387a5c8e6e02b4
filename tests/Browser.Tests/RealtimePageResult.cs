using System.Text.Json;

namespace Realtime.Browser.Tests;

/// <summary>The realtime page's <c>window.__result</c> (tests/clients/page/realtime-page.js).</summary>
public sealed class RealtimePageResult
{
    /// <summary>One entry per scenario, in order.</summary>
    public IReadOnlyList<RealtimeScenarioResult> Sessions { get; init; } = [];

    /// <summary>Set when the page could not run the scenarios.</summary>
    public string? Error { get; init; }
}

/// <summary>What one <see cref="RealtimeScenario"/> did in the browser.</summary>
public sealed class RealtimeScenarioResult
{
    /// <summary>The realtime service URL.</summary>
    public string Url { get; init; } = string.Empty;

    /// <summary>The steps that ran, in order; a failed step is the last one.</summary>
    public IReadOnlyList<RealtimeStepResult> Steps { get; init; } = [];

    /// <summary>Each socket by name.</summary>
    public IReadOnlyDictionary<string, RealtimeSocketResult> Sockets { get; init; } = new Dictionary<string, RealtimeSocketResult>();

    /// <summary>Why the scenario stopped early (no reply in time, socket closed), or null.</summary>
    public string? Error { get; init; }

    /// <summary>Timed notes of the page, for failure messages.</summary>
    public IReadOnlyList<string> Log { get; init; } = [];
}

/// <summary>One step as it ran: the request sent and its reply, or the push awaited.</summary>
public sealed class RealtimeStepResult
{
    /// <summary>The step's name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>The socket it acted on.</summary>
    public string Socket { get; init; } = string.Empty;

    /// <summary>The request as sent (with its <c>id</c>), or null.</summary>
    public JsonElement? Request { get; init; }

    /// <summary>The reply, or null (an awaited push, or no reply in time).</summary>
    public JsonElement? Reply { get; init; }

    /// <summary>The push kind awaited, or null.</summary>
    public string? AwaitPush { get; init; }

    /// <summary>The push that was awaited, or null.</summary>
    public JsonElement? Push { get; init; }
}

/// <summary>One socket of a scenario.</summary>
public sealed class RealtimeSocketResult
{
    /// <summary>The transport sockjs-client chose, or null when it never opened.</summary>
    public string? Transport { get; init; }

    /// <summary>Every push the socket got, in arrival order.</summary>
    public IReadOnlyList<JsonElement> Pushes { get; init; } = [];

    /// <summary>The close event (<c>code</c>, <c>reason</c>) when one came before the page reported, else null.</summary>
    public JsonElement? Close { get; init; }

    /// <summary>Messages that were neither a reply to a pending request nor a push.</summary>
    public IReadOnlyList<JsonElement> Stray { get; init; } = [];
}
