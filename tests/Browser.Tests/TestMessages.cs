namespace Realtime.Browser.Tests;

/// <summary>The messages every real client echoes.</summary>
public static class TestMessages
{
    /// <summary>
    /// é, an emoji (a surrogate pair), U+2028, U+2029, a lone high surrogate, U+FFFF, quotes and
    /// backslashes: the characters JSON framing and the clients' escaping get wrong most often.
    /// </summary>
    public const string Unicode = "caf\u00e9 \U0001F600 \u2028 \u2029 lone:\ud800 max:\uffff \"quoted\" 'single' back\\slash \\\" \\\\ end";

    /// <summary>64 KiB of text, well above the test services' 4096-byte response limit.</summary>
    public static readonly string Large = string.Create(64 * 1024, 0, static (chars, _) =>
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[i % Alphabet.Length];
        }
    });

    /// <summary>The messages an echo session sends, in order.</summary>
    public static IReadOnlyList<string> Echo { get; } = [Unicode, Large];
}
