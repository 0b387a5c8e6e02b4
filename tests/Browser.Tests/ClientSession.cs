using System.Text.Json.Serialization;

namespace Realtime.Browser.Tests;

/// <summary>What a JS client reported about one SockJS session (tests/clients/lib/echo-session.js).</summary>
public sealed record ClientSession
{
    /// <summary>The service URL.</summary>
    public string? Url { get; init; }

    /// <summary>Whether the socket opened.</summary>
    public bool Opened { get; init; }

    /// <summary><c>sock.transport</c> once open.</summary>
    public string? Transport { get; init; }

    /// <summary>How many messages were handed to <c>sock.send</c>.</summary>
    public int Sent { get; init; }

    /// <summary>Messages received, in order, as UTF-16 hex.</summary>
    public IReadOnlyList<string> Received { get; init; } = [];

    /// <summary>The close event, when there was one.</summary>
    public ClientClose? Close { get; init; }

    /// <summary>An error in the client script itself.</summary>
    public string? Error { get; init; }

    /// <summary>Whether the session's deadline passed before the socket closed.</summary>
    public bool TimedOut { get; init; }

    /// <summary>The client's timeline of events.</summary>
    public IReadOnlyList<string> Log { get; init; } = [];

    /// <summary>What the hosting client (Chromium) saw around the session; not part of the JSON.</summary>
    [JsonIgnore]
    public string? Diagnostics { get; init; }

    /// <summary>A summary for failure messages.</summary>
    public string Describe() =>
        $"url={Url} opened={Opened} transport={Transport ?? "(none)"} sent={Sent} received={Received.Count} " +
        $"close={Close?.ToString() ?? "(none)"} timedOut={TimedOut} error={Error ?? "(none)"}\n  log: {string.Join("\n       ", Log)}" +
        (Diagnostics is null ? string.Empty : "\n" + Diagnostics);
}
