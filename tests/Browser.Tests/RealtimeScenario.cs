namespace Realtime.Browser.Tests;

/// <summary>
/// Realtime-protocol steps for sockjs-client in Chromium to run in order (the input of
/// tests/clients/page/realtime-page.js). Each step acts on a named socket, opened by its first step.
/// </summary>
/// <param name="Url">The realtime service, e.g. <c>http://127.0.0.1:PORT/realtime</c>.</param>
/// <param name="Transports">sockjs-client's <c>transports</c> whitelist; null for its default list.</param>
/// <param name="Steps">What to do, in order; step names are unique.</param>
/// <param name="ConnectTimeoutMs">sockjs-client's <c>timeout</c> option: how long a transport may take to open.</param>
/// <param name="StepTimeoutMs">How long one reply or push may take before the scenario stops with an error.</param>
/// <param name="DeadlineMs">How long the whole scenario may take.</param>
public sealed record RealtimeScenario(
    string Url,
    IReadOnlyList<string>? Transports,
    IReadOnlyList<RealtimeStep> Steps,
    int ConnectTimeoutMs = 10_000,
    int StepTimeoutMs = 10_000,
    int DeadlineMs = 40_000);

/// <summary>One step of a <see cref="RealtimeScenario"/>: a request to send, or a push to wait for.</summary>
/// <param name="Name">How assertions and failure messages name the step.</param>
/// <param name="Socket">The socket the step acts on.</param>
/// <param name="Request">The request without <c>id</c> (the page numbers requests per socket), or null.</param>
/// <param name="AwaitPush">The push kind to wait for (<c>message</c>), or null.</param>
/// <param name="Channel">The channel the awaited push must name, or null for any.</param>
public sealed record RealtimeStep(string Name, string Socket, object? Request, string? AwaitPush, string? Channel)
{
    /// <summary>Sends <paramref name="op"/> with <paramref name="fields"/> (an anonymous object) and waits for the reply; named "socket op" unless <paramref name="name"/> is given.</summary>
    public static RealtimeStep Send(string socket, string op, object? fields = null, string? name = null)
    {
        var request = new Dictionary<string, object?> { ["op"] = op };
        if (fields is not null)
        {
            foreach (var property in fields.GetType().GetProperties())
            {
                request[property.Name] = property.GetValue(fields);
            }
        }

        return new(name ?? $"{socket} {op}", socket, request, null, null);
    }

    /// <summary>Waits for a <paramref name="push"/> on <paramref name="channel"/>; named "socket push push".</summary>
    public static RealtimeStep Await(string socket, string push, string? channel) =>
        new($"{socket} {push} push", socket, null, push, channel);
}
