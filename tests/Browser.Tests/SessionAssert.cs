using System.Globalization;

namespace Realtime.Browser.Tests;

/// <summary>Assertions on a JS client's session whose failures carry the client's whole story.</summary>
public static class SessionAssert
{
    /// <summary>The session opened over <paramref name="transport"/>, echoed <paramref name="sent"/> in order and closed normally.</summary>
    public static void Echoed(ClientSession session, IReadOnlyList<string> sent, string? transport)
    {
        Opened(session, transport);
        That(session.Error is null, session, $"the client reported an error: {session.Error}");
        That(session.Sent == sent.Count, session, $"expected {sent.Count} messages handed to send(), got {session.Sent}");
        That(!session.TimedOut, session, $"the session did not finish before its deadline ({session.Received.Count} of {sent.Count} echoes back)");
        That(session.Received.Count == sent.Count, session, $"expected {sent.Count} echoed messages, got {session.Received.Count}");
        for (var i = 0; i < sent.Count; i++)
        {
            var received = Utf16Hex.Decode(session.Received[i]);
            That(received == sent[i], session, $"message #{i + 1} came back different: {FirstDifference(sent[i], received)}");
        }

        That(session.Close is { Code: 1000 }, session, "after the echoes the client's own close() should end the session with 1000");
    }

    /// <summary>The session opened over a transport other than WebSocket and echoed <paramref name="sent"/>.</summary>
    public static void EchoedWithoutWebSocket(ClientSession session, IReadOnlyList<string> sent)
    {
        That(session.Opened && session.Transport is not null && session.Transport != "websocket", session,
            "expected the session to open over an HTTP fallback transport, not websocket");
        Echoed(session, sent, session.Transport);
    }

    /// <summary>The session opened over <paramref name="transport"/> and the server closed it with <paramref name="code"/> and <paramref name="reason"/>.</summary>
    public static void ClosedByServer(ClientSession session, string transport, int code, string reason)
    {
        Opened(session, transport);
        That(!session.TimedOut, session, "the server's close did not reach the client before the deadline");
        That(session.Close is not null && session.Close.Code == code && session.Close.Reason == reason, session,
            $"expected the close event {code} \"{reason}\", got {session.Close?.ToString() ?? "no close event"}");
    }

    private static void Opened(ClientSession session, string? transport)
    {
        That(session.Opened, session, $"the socket never opened{(transport is null ? string.Empty : $" over {transport}")}");
        if (transport is not null)
        {
            That(session.Transport == transport, session, $"expected sock.transport \"{transport}\", got \"{session.Transport}\"");
        }
    }

    private static void That(bool condition, ClientSession session, string failure)
    {
        if (!condition)
        {
            Assert.Fail($"{failure}.\nClient session: {session.Describe()}");
        }
    }

    private static string FirstDifference(string expected, string actual)
    {
        var i = 0;
        while (i < expected.Length && i < actual.Length && expected[i] == actual[i])
        {
            i++;
        }

        return $"length {expected.Length} expected, {actual.Length} received; first difference at UTF-16 index {i}: " +
            $"expected [{Units(expected, i)}], received [{Units(actual, i)}] (code units from index {Math.Max(0, i - 3)})";
    }

    private static string Units(string text, int at) => string.Join(' ', text
        .Skip(Math.Max(0, at - 3))
        .Take(8)
        .Select(c => ((int)c).ToString("X4", CultureInfo.InvariantCulture)));
}
