using System.Buffers;
using System.Text;
using Realtime.Edge.SockJs;
using Realtime.Edge.SockJs.Framing;

namespace Realtime.Edge.Tests.Unit;

public class FrameTests
{
    [Fact]
    public void Close_IsCompactJson() =>
        Assert.Equal("c[3000,\"Go away!\"]", Encoding.UTF8.GetString(Frame.Close(3000, "Go away!")));

    [Fact]
    public void Messages_BatchesEncodedMessages()
    {
        var frame = Frame.Messages([new SockJsMessage("a"), new SockJsMessage("b\"\u2028")]);
        Assert.Equal("a[\"a\",\"b\\\"\\u2028\"]", Encoding.UTF8.GetString(frame));
    }

    [Fact]
    public void Messages_OfNothing_IsAnEmptyArray() =>
        Assert.Equal("a[]", Encoding.UTF8.GetString(Frame.Messages([])));

    [Fact]
    public void JsonString_QuotesAFrameAndKeepsScriptTagsInert()
    {
        var writer = new ArrayBufferWriter<byte>();
        FrameQuoting.WriteJsonString("a[\"</script>\\\\\"]"u8, writer);
        Assert.Equal("\"a[\\\"\\u003c/script\\u003e\\\\\\\\\\\"]\"", Encoding.UTF8.GetString(writer.WrittenSpan));
    }

    [Fact]
    public void PercentEscape_EscapesPercentAndLineBreaks()
    {
        var writer = new ArrayBufferWriter<byte>();
        FrameQuoting.WritePercentEscaped("a%41\r\n\0"u8, writer);
        Assert.Equal("a%2541%0D%0A%00", Encoding.UTF8.GetString(writer.WrittenSpan));
    }

    [Fact]
    public void SingleFrame_IsBuiltOnceAndShared()
    {
        var message = new SockJsMessage("x");
        Assert.True(message.SingleFrame.Equals(message.SingleFrame));
        Assert.Equal("a[\"x\"]", Encoding.UTF8.GetString(message.SingleFrame.Span));
    }
}
