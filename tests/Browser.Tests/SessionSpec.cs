namespace Realtime.Browser.Tests;

/// <summary>One SockJS session for a JS client to run (the input of tests/clients/lib/echo-session.js).</summary>
/// <param name="Url">The service URL, e.g. <c>http://127.0.0.1:PORT/echo</c>.</param>
/// <param name="Transports">sockjs-client's <c>transports</c> whitelist; null for its default list.</param>
/// <param name="Messages">Messages to send once open, as UTF-16 hex (<see cref="Utf16Hex"/>).</param>
/// <param name="ConnectTimeoutMs">sockjs-client's <c>timeout</c> option: how long a transport may take to open.</param>
/// <param name="DeadlineMs">How long the whole session may take before the client gives up.</param>
public sealed record SessionSpec(
    string Url,
    IReadOnlyList<string>? Transports,
    IReadOnlyList<string> Messages,
    int ConnectTimeoutMs,
    int DeadlineMs)
{
    /// <summary>Opens <paramref name="url"/>, echoes <paramref name="messages"/>, then closes.</summary>
    public static SessionSpec Create(string url, string? transport, IEnumerable<string> messages) => new(
        url,
        transport is null ? null : [transport],
        messages.Select(Utf16Hex.Encode).ToList(),
        ConnectTimeoutMs: 10_000,
        DeadlineMs: 20_000);
}
