namespace Realtime.Client.SockJs;

/// <summary>
/// <c>base/&lt;server&gt;/&lt;session&gt;/</c> as sockjs-client makes them: a server id of three digits (only a
/// hint for load balancers) and a random session id of eight characters.
/// </summary>
internal static class SessionUrl
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz012345";

    /// <summary>A fresh session's URL without the transport, ending in a slash.</summary>
    public static string New(string baseUrl)
    {
        Span<char> session = stackalloc char[8];
        for (var i = 0; i < session.Length; i++)
        {
            session[i] = Alphabet[Random.Shared.Next(Alphabet.Length)];
        }

        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{baseUrl}/{Random.Shared.Next(1000):000}/{session}/");
    }

    /// <summary>The WebSocket form of an http(s) URL.</summary>
    public static Uri ToWebSocket(string url) =>
        new(url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? "wss://" + url[8..]
            : url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? "ws://" + url[7..]
            : url);
}
