using System.Buffers;
using System.Text;
using Realtime.Edge.SockJs.Framing;

namespace Realtime.Edge.Tests.Unit;

public class SockJsJsonTests
{
    private static string Encode(string value) => Encoding.UTF8.GetString(SockJsJson.EncodeString(value));

    [Theory]
    [InlineData("abc", "\"abc\"")]
    [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"")]
    [InlineData("\n\r\t\b\f", "\"\\n\\r\\t\\b\\f\"")]
    [InlineData("\u0000\u001f", "\"\\u0000\\u001f\"")]
    [InlineData("\u200c\u200f\u2028\u202f\u2060\u206f\ufff0\uffff", "\"\\u200c\\u200f\\u2028\\u202f\\u2060\\u206f\\ufff0\\uffff\"")]
    [InlineData("é€", "\"é€\"")]
    public void Encode_EscapesWhatSockJsRequires_InLowerCaseHex(string input, string expected) =>
        Assert.Equal(expected, Encode(input));

    [Fact]
    public void Encode_EscapesBothHalvesOfPairsAndLoneSurrogates()
    {
        // Built in code: attribute strings cannot hold lone surrogates.
        Assert.Equal("\"\\ud83d\\ude00\"", Encode(char.ConvertFromUtf32(0x1F600)));
        Assert.Equal("\"\\ud800x\"", Encode(new string([(char)0xD800, 'x'])));
    }

    [Fact]
    public void Encode_EscapesEveryCodePointOfTheSuiteRanges()
    {
        var input = new StringBuilder();
        var expected = new StringBuilder("\"");
        foreach (var (from, to) in new[] { (0x200C, 0x200F), (0x2028, 0x202F), (0x2060, 0x206F), (0xFFF0, 0xFFFF) })
        {
            for (var c = from; c <= to; c++)
            {
                input.Append((char)c);
                expected.Append("\\u").Append(c.ToString("x4"));
            }
        }

        Assert.Equal(expected.Append('"').ToString(), Encode(input.ToString()));
    }

    [Fact]
    public void Encode_WritesIntoABufferWriter()
    {
        var writer = new ArrayBufferWriter<byte>();
        SockJsJson.WriteString("x\u2028", writer);
        Assert.Equal("\"x\\u2028\"", Encoding.UTF8.GetString(writer.WrittenSpan));
    }

    [Theory]
    [InlineData("[\"\\ud800\"]", "D800")]
    [InlineData("[\"\\uDC00x\"]", "DC00,0078")]
    [InlineData("[\"\\u00e9\\n\\/\"]", "00E9,000A,002F")]
    [InlineData("[\"pé\"]", "0070,00E9")]
    public void Payload_DecodesEveryEscape_KeepingLoneSurrogates(string json, string expectedCodeUnits)
    {
        var messages = new List<string>();
        Assert.Equal(PayloadResult.Ok, SockJsPayload.Parse(Encoding.UTF8.GetBytes(json), messages, allowSingleValue: false));
        Assert.Equal(expectedCodeUnits, string.Join(",", Assert.Single(messages).Select(c => ((int)c).ToString("X4"))));
    }

    [Theory]
    [InlineData("", "PayloadExpected")]
    [InlineData("  ", "PayloadExpected")]
    [InlineData("[\"x", "BrokenJson")]
    [InlineData("[\"x\"]]", "BrokenJson")]
    [InlineData("{\"a\":1}", "PayloadExpected")]
    [InlineData("{\"a\":", "BrokenJson")]
    [InlineData("\"x\"", "PayloadExpected")]
    [InlineData("[]", "Ok")]
    public void Payload_ClassifiesBadInput(string json, string expected) =>
        Assert.Equal(expected, SockJsPayload.Parse(Encoding.UTF8.GetBytes(json), [], allowSingleValue: false).ToString());

    [Fact]
    public void Payload_RejectsInvalidUtf8()
    {
        byte[] json = [(byte)'[', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)']'];
        Assert.Equal(PayloadResult.BrokenJson, SockJsPayload.Parse(json, [], allowSingleValue: false));
    }

    [Fact]
    public void Payload_OnWebSocket_TakesASingleValueAndKeepsNonStringsAsJson()
    {
        var messages = new List<string>();
        Assert.Equal(PayloadResult.Ok, SockJsPayload.Parse("\"a\""u8, messages, allowSingleValue: true));
        Assert.Equal(PayloadResult.Ok, SockJsPayload.Parse("[1,{\"k\":[true]}]"u8, messages, allowSingleValue: true));
        Assert.Equal(["a", "1", "{\"k\":[true]}"], messages);
    }
}
