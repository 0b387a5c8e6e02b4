using System.Globalization;
using System.Text;
using System.Text.Json;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Protocol;

/// <summary>
/// JSON encoding of messages: the server escapes the characters browsers mangle (lower-case
/// <c>\uXXXX</c>, byte for byte), and decodes everything the client escapes.
/// </summary>
[Collection(SockJsCollection.Name)]
public sealed class JsonEncodingTests(SockJsServerFixture server)
{
    /// <summary>Code points above U+00FF the server must send as <c>\uXXXX</c>.</summary>
    private static readonly (int First, int Last)[] EscapedByServer =
    [
        (0x200c, 0x200f), (0x2028, 0x202f), (0x2060, 0x206f), (0xfff0, 0xffff),
    ];

    /// <summary>Code points the browser client sends as <c>\uXXXX</c> (sockjs-client's "extra escapable" set).</summary>
    private static readonly (int First, int Last)[] EscapedByClient =
    [
        (0x0000, 0x001f), (0x0022, 0x0022), (0x005c, 0x005c), (0x007f, 0x009f), (0x00ad, 0x00ad),
        (0x0300, 0x0333), (0x033d, 0x0346), (0x034a, 0x034c), (0x0350, 0x0352), (0x0357, 0x0358),
        (0x035c, 0x0362), (0x0374, 0x0374), (0x037e, 0x037e), (0x0387, 0x0387), (0x0591, 0x05af),
        (0x05c4, 0x05c4), (0x0600, 0x0604), (0x0610, 0x0617), (0x0653, 0x0654), (0x0657, 0x065b),
        (0x065d, 0x065e), (0x06df, 0x06e2), (0x06eb, 0x06ec), (0x070f, 0x070f), (0x0730, 0x0730),
        (0x0732, 0x0733), (0x0735, 0x0736), (0x073a, 0x073a), (0x073d, 0x073d), (0x073f, 0x0741),
        (0x0743, 0x0743), (0x0745, 0x0745), (0x0747, 0x0747), (0x07eb, 0x07f1), (0x0951, 0x0951),
        (0x0958, 0x095f), (0x09dc, 0x09dd), (0x09df, 0x09df), (0x0a33, 0x0a33), (0x0a36, 0x0a36),
        (0x0a59, 0x0a5b), (0x0a5e, 0x0a5e), (0x0b5c, 0x0b5d), (0x0e38, 0x0e39), (0x0f43, 0x0f43),
        (0x0f4d, 0x0f4d), (0x0f52, 0x0f52), (0x0f57, 0x0f57), (0x0f5c, 0x0f5c), (0x0f69, 0x0f69),
        (0x0f72, 0x0f76), (0x0f78, 0x0f78), (0x0f80, 0x0f83), (0x0f93, 0x0f93), (0x0f9d, 0x0f9d),
        (0x0fa2, 0x0fa2), (0x0fa7, 0x0fa7), (0x0fac, 0x0fac), (0x0fb9, 0x0fb9), (0x1939, 0x193a),
        (0x1a17, 0x1a17), (0x1b6b, 0x1b6b), (0x17b4, 0x17b5), (0x1cda, 0x1cdb), (0x1dc0, 0x1dcf),
        (0x1dfc, 0x1dfc), (0x1dfe, 0x1dfe), (0x1f71, 0x1f71), (0x1f73, 0x1f73), (0x1f75, 0x1f75),
        (0x1f77, 0x1f77), (0x1f79, 0x1f79), (0x1f7b, 0x1f7b), (0x1f7d, 0x1f7d), (0x1fbb, 0x1fbb),
        (0x1fbe, 0x1fbe), (0x1fc9, 0x1fc9), (0x1fcb, 0x1fcb), (0x1fd3, 0x1fd3), (0x1fdb, 0x1fdb),
        (0x1fe3, 0x1fe3), (0x1feb, 0x1feb), (0x1fee, 0x1fef), (0x1ff9, 0x1ff9), (0x1ffb, 0x1ffb),
        (0x1ffd, 0x1ffd), (0x2000, 0x20ff), (0x2126, 0x2126), (0x212a, 0x212b), (0x2329, 0x232a),
        (0x2adc, 0x2adc), (0x302b, 0x302c), (0xaab2, 0xaab3), (0xf900, 0xfa0d), (0xfa10, 0xfa10),
        (0xfa12, 0xfa12), (0xfa15, 0xfa1e), (0xfa20, 0xfa20), (0xfa22, 0xfa22), (0xfa25, 0xfa26),
        (0xfa2a, 0xfa2d), (0xfa30, 0xfa6d), (0xfa70, 0xfad9), (0xfb1d, 0xfb1d), (0xfb1f, 0xfb1f),
        (0xfb2a, 0xfb36), (0xfb38, 0xfb3c), (0xfb3e, 0xfb3e), (0xfb40, 0xfb41), (0xfb43, 0xfb44),
        (0xfb46, 0xfb4e), (0xfeff, 0xfeff), (0xfff0, 0xffff),
    ];

    [Fact]
    public async Task Xhr_ServerEscapesMangledCharacters_AsLowercaseUnicodeEscapes()
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);
        SockJsAssert.StatusAndBody(await RawHttp.PostAsync(session + "/xhr"), 200, "o\n");
        var codePoints = Expand(EscapedByServer);
        var raw = string.Concat(codePoints.Select(cp => (char)cp));

        SockJsAssert.Status(await RawHttp.PostAsync(session + "/xhr_send", "[\"" + raw + "\"]"), 204);
        var r = await RawHttp.PostAsync(session + "/xhr");

        SockJsAssert.Status(r, 200);
        var expected = "a[\"" + EscapeAll(codePoints) + "\"]\n";
        Assert.True(
            r.Body.AsSpan().SequenceEqual(Encoding.ASCII.GetBytes(expected)),
            $"Expected every listed character as a lower-case \\uXXXX escape.\nExpected: {expected}\nActual:   {FirstDifference(expected, r.BodyText)}");
    }

    [Fact]
    public async Task Xhr_ServerDecodesEverythingTheClientEscapes()
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);
        SockJsAssert.StatusAndBody(await RawHttp.PostAsync(session + "/xhr"), 200, "o\n");
        var escaped = "\"" + EscapeAll(Expand(EscapedByClient)) + "\"";

        SockJsAssert.Status(await RawHttp.PostAsync(session + "/xhr_send", "[" + escaped + "]"), 204);
        var r = await RawHttp.PostAsync(session + "/xhr");

        SockJsAssert.Status(r, 200);
        var body = r.BodyText.Trim();
        Assert.True(body.StartsWith("a[", StringComparison.Ordinal) && body.EndsWith(']'), $"Expected an a[...] frame:\n{r.Describe()}");
        var echoed = JsonSerializer.Deserialize<string>(body[2..^1]);
        var sent = JsonSerializer.Deserialize<string>(escaped);
        Assert.True(echoed == sent, $"The echoed string differs from the one sent; first difference: {FirstDifference(sent!, echoed ?? "")}");
    }

    private static List<int> Expand((int First, int Last)[] ranges) =>
        Enumerable.Range(0, 0x10000).Where(cp => ranges.Any(r => cp >= r.First && cp <= r.Last)).ToList();

    private static string EscapeAll(IEnumerable<int> codePoints) =>
        string.Concat(codePoints.Select(cp => "\\u" + cp.ToString("x4", CultureInfo.InvariantCulture)));

    private static string FirstDifference(string expected, string actual)
    {
        var i = 0;
        while (i < expected.Length && i < actual.Length && expected[i] == actual[i])
        {
            i++;
        }

        var from = Math.Max(0, i - 20);
        var to = Math.Min(actual.Length, i + 40);
        var shown = string.Concat(actual[from..to].Select(ch => ch is < ' ' or > '~' ? $"<U+{(int)ch:X4}>" : ch.ToString()));
        return $"at index {i}: ...{shown}...";
    }
}
