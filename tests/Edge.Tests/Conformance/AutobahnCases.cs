using System.Text;

namespace Realtime.Edge.Tests.Conformance;

/// <summary>
/// The cases, by Autobahn category: 1 framing, 2 ping/pong, 3 reserved bits, 4 opcodes, 5 fragmentation,
/// 6 UTF-8, 7 close handling. Written for this repository after the categories' descriptions; the behaviour each
/// must show is in AutobahnExpectations.json.
/// </summary>
internal static class AutobahnCases
{
    private const int ProtocolError = 1002;
    private const int InvalidPayload = 1007;

    public static IReadOnlyList<AutobahnCase> All { get; } = Build();

    public static AutobahnCase Get(string id) => All.Single(c => c.Id == id);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    private static byte[] Filled(int length, byte value = (byte)'*') => Enumerable.Repeat(value, length).ToArray();

    private static List<AutobahnCase> Build()
    {
        var cases = new List<AutobahnCase>();
        void Add(string id, string description, WireFrame[] send, params Expected[] expect) => cases.Add(new(id, description, send, expect));

        // 1: text and binary messages of sizes around the length encodings' edges.
        int[] sizes = [0, 125, 126, 127, 128, 65535, 65536];
        for (var i = 0; i < sizes.Length; i++)
        {
            var text = Filled(sizes[i]);
            Add($"1.1.{i + 1}", $"text message of {sizes[i]} bytes", [new WireFrame(WireFrame.Text, text)], Expected.Text(text));
            Add($"1.2.{i + 1}", $"binary message of {sizes[i]} bytes", [new WireFrame(WireFrame.Binary, Filled(sizes[i], 0xFE))], Expected.Closed(1003));
        }

        // 2: ping and pong.
        Add("2.1", "ping without payload", [new WireFrame(WireFrame.Ping, [])], Expected.Pong([]));
        Add("2.2", "ping with a text payload", [new WireFrame(WireFrame.Ping, Bytes("Hello, world!"))], Expected.Pong(Bytes("Hello, world!")));
        Add("2.3", "ping with a binary payload", [new WireFrame(WireFrame.Ping, Hex("00 FF FE FD FC FB 00 FF"))], Expected.Pong(Hex("00 FF FE FD FC FB 00 FF")));
        Add("2.4", "ping with 125 bytes of payload", [new WireFrame(WireFrame.Ping, Filled(125, 0xFE))], Expected.Pong(Filled(125, 0xFE)));
        Add("2.5", "ping with 126 bytes of payload (over the control frame limit)", [new WireFrame(WireFrame.Ping, Filled(126, 0xFE))], Expected.Failed(ProtocolError));
        Add("2.7", "unsolicited pong without payload", [new WireFrame(WireFrame.Pong, [])]);
        Add("2.8", "unsolicited pong with payload", [new WireFrame(WireFrame.Pong, Bytes("unsolicited"))]);
        Add("2.9", "unsolicited pong, then ping", [new WireFrame(WireFrame.Pong, Bytes("unsolicited")), new WireFrame(WireFrame.Ping, Bytes("solicited"))], Expected.Pong(Bytes("solicited")));
        Add("2.10", "ten pings in a row", [.. Enumerable.Range(0, 10).Select(i => new WireFrame(WireFrame.Ping, Bytes("ping " + i)))], [.. Enumerable.Range(0, 10).Select(i => Expected.Pong(Bytes("ping " + i)))]);

        // 3: reserved bits without a negotiated extension fail the connection.
        Add("3.1", "text with RSV1", [new WireFrame(WireFrame.Text, Bytes("Hello"), Rsv: 4)], Expected.Failed(ProtocolError));
        Add("3.2", "text, then text with RSV2, then ping", [WireFrame.TextOf("Hello"), new WireFrame(WireFrame.Text, Bytes("Hello"), Rsv: 2), new WireFrame(WireFrame.Ping, [])], Expected.Text(Bytes("Hello")), Expected.Failed(ProtocolError));
        Add("3.3", "text with RSV1 and RSV2", [new WireFrame(WireFrame.Text, Bytes("Hello"), Rsv: 6)], Expected.Failed(ProtocolError));
        Add("3.4", "text with RSV3", [new WireFrame(WireFrame.Text, Bytes("Hello"), Rsv: 1)], Expected.Failed(ProtocolError));
        Add("3.5", "binary with RSV1 and RSV3", [new WireFrame(WireFrame.Binary, Hex("00 FF"), Rsv: 5)], Expected.Failed(ProtocolError));
        Add("3.6", "ping with RSV2 and RSV3", [new WireFrame(WireFrame.Ping, Bytes("Hello"), Rsv: 3)], Expected.Failed(ProtocolError));
        Add("3.7", "close with all RSV bits", [new WireFrame(WireFrame.Close, Hex("03 E8"), Rsv: 7)], Expected.Failed(ProtocolError));

        // 4: reserved opcodes fail the connection.
        for (var op = 3; op <= 7; op++)
        {
            Add($"4.1.{op - 2}", $"reserved non-control opcode {op}", [new WireFrame(op, Bytes("reserved"))], Expected.Failed(ProtocolError));
        }

        for (var op = 11; op <= 15; op++)
        {
            Add($"4.2.{op - 10}", $"reserved control opcode {op}", [new WireFrame(op, Bytes("reserved"))], Expected.Failed(ProtocolError));
        }

        // 5: fragmentation.
        Add("5.1", "fragmented ping", [new WireFrame(WireFrame.Ping, Bytes("frag"), Fin: false), new WireFrame(WireFrame.Continuation, Bytes("ment"))], Expected.Failed(ProtocolError));
        Add("5.2", "fragmented pong", [new WireFrame(WireFrame.Pong, Bytes("frag"), Fin: false), new WireFrame(WireFrame.Continuation, Bytes("ment"))], Expected.Failed(ProtocolError));
        Add("5.3", "text in two fragments", [WireFrame.TextOf("frag", fin: false), new WireFrame(WireFrame.Continuation, Bytes("ment"))], Expected.Text(Bytes("fragment")));
        Add("5.6", "text in two fragments with a ping between", [WireFrame.TextOf("frag", fin: false), new WireFrame(WireFrame.Ping, Bytes("between")), new WireFrame(WireFrame.Continuation, Bytes("ment"))], Expected.Pong(Bytes("between")), Expected.Text(Bytes("fragment")));
        Add("5.9", "continuation (final) without a start", [new WireFrame(WireFrame.Continuation, Bytes("orphan")), WireFrame.TextOf("Hello")], Expected.Failed(ProtocolError));
        Add("5.10", "continuation (not final) without a start", [new WireFrame(WireFrame.Continuation, Bytes("orphan"), Fin: false), WireFrame.TextOf("Hello")], Expected.Failed(ProtocolError));
        Add("5.15", "a whole fragmented message, then a stray continuation", [WireFrame.TextOf("frag", fin: false), new WireFrame(WireFrame.Continuation, Bytes("ment")), new WireFrame(WireFrame.Continuation, Bytes("stray"))], Expected.Text(Bytes("fragment")), Expected.Failed(ProtocolError));
        Add("5.18", "a new text frame while a message is unfinished", [WireFrame.TextOf("frag", fin: false), WireFrame.TextOf("ment")], Expected.Failed(ProtocolError));
        Add("5.19", "three fragments with pings between each", [WireFrame.TextOf("a", fin: false), new WireFrame(WireFrame.Ping, Bytes("1")), new WireFrame(WireFrame.Continuation, Bytes("b"), Fin: false), new WireFrame(WireFrame.Ping, Bytes("2")), new WireFrame(WireFrame.Continuation, Bytes("c"))], Expected.Pong(Bytes("1")), Expected.Pong(Bytes("2")), Expected.Text(Bytes("abc")));
        Add("5.20", "a fragmented text message whose fragments are empty", [WireFrame.TextOf("", fin: false), new WireFrame(WireFrame.Continuation, [], Fin: false), new WireFrame(WireFrame.Continuation, Bytes("x"))], Expected.Text(Bytes("x")));

        // 6: UTF-8 validity of text messages.
        var valid = Bytes("Hello-µ@ßöäüàá-UTF-8!!");
        Add("6.1.1", "empty text", [WireFrame.TextOf("")], Expected.Text([]));
        Add("6.2.1", "valid UTF-8 in one frame", [new WireFrame(WireFrame.Text, valid)], Expected.Text(valid));
        Add("6.2.2", "valid UTF-8 split at a code point boundary", [new WireFrame(WireFrame.Text, valid[..7], Fin: false), new WireFrame(WireFrame.Continuation, valid[7..])], Expected.Text(valid));
        Add("6.2.3", "valid UTF-8 split in the middle of code points, byte by byte", [.. valid.Select((b, i) => new WireFrame(i == 0 ? WireFrame.Text : WireFrame.Continuation, [b], Fin: i == valid.Length - 1))], Expected.Text(valid));
        string[] codePoints = ["\u007F", "\u0080", "\u07FF", "\u0800", "\uFFFD", "\uD800\uDC00", "\uDBFF\uDFFF"];
        for (var i = 0; i < codePoints.Length; i++)
        {
            Add($"6.5.{i + 1}", $"code point of {Bytes(codePoints[i]).Length} bytes ({Convert.ToHexString(Bytes(codePoints[i]))})", [WireFrame.TextOf(codePoints[i])], Expected.Text(Bytes(codePoints[i])));
        }

        (string Name, string Hex)[] invalid =
        [
            ("a surrogate (ED A0 80)", "CEBAE1BDB9CF83CEBCCEB5 ED A0 80 65646974656421"),
            ("an overlong slash (C0 AF)", "C0 AF"),
            ("above U+10FFFF (F4 90 80 80)", "F4 90 80 80"),
            ("a lone continuation byte (80)", "41 80 42"),
            ("a truncated sequence at the end (E2 82)", "41 E2 82"),
            ("an impossible byte (FE)", "FE"),
        ];
        for (var i = 0; i < invalid.Length; i++)
        {
            Add($"6.3.{i + 1}", $"invalid UTF-8: {invalid[i].Name}", [new WireFrame(WireFrame.Text, Hex(invalid[i].Hex))], Expected.Failed(InvalidPayload));
        }

        Add("6.4.1", "invalid UTF-8 in the first fragment, valid after", [new WireFrame(WireFrame.Text, Hex("CEBAE1BDB9CF83CEBCCEB5"), Fin: false), new WireFrame(WireFrame.Continuation, Hex("F4908080"), Fin: false), new WireFrame(WireFrame.Continuation, Bytes("edited"))], Expected.Failed(InvalidPayload));
        Add("6.4.2", "a code point split across fragments, its tail invalid", [new WireFrame(WireFrame.Text, Hex("CEBAE1BDB9CF83CEBCCEB5F4"), Fin: false), new WireFrame(WireFrame.Continuation, Hex("90"), Fin: false), new WireFrame(WireFrame.Continuation, Hex("8080656469746564"))], Expected.Failed(InvalidPayload));

        // 7: close handling.
        Add("7.1.1", "text, then close", [WireFrame.TextOf("Hello"), WireFrame.CloseOf(1000)], Expected.Text(Bytes("Hello")), Expected.Closed(1000));
        Add("7.1.2", "close twice", [WireFrame.CloseOf(1000), WireFrame.CloseOf(1000)], Expected.Closed(1000));
        Add("7.1.3", "ping after close", [WireFrame.CloseOf(1000), new WireFrame(WireFrame.Ping, Bytes("late"))], Expected.Closed(1000));
        Add("7.1.4", "text after close", [WireFrame.CloseOf(1000), WireFrame.TextOf("late")], Expected.Closed(1000));
        Add("7.1.5", "close in the middle of a fragmented message", [WireFrame.TextOf("frag", fin: false), WireFrame.CloseOf(1000), new WireFrame(WireFrame.Continuation, Bytes("ment"))], Expected.Closed(1000));
        Add("7.3.1", "close without payload", [new WireFrame(WireFrame.Close, [])], Expected.Closed(1000));
        Add("7.3.2", "close with a one-byte payload", [new WireFrame(WireFrame.Close, Hex("03"))], Expected.Failed(ProtocolError));
        Add("7.3.3", "close 1000 without reason", [WireFrame.CloseOf(1000)], Expected.Closed(1000));
        Add("7.3.4", "close 1000 with a reason", [WireFrame.CloseOf(1000, Bytes("Hello World!"))], Expected.Closed(1000));
        Add("7.3.5", "close 1000 with a 123-byte reason", [WireFrame.CloseOf(1000, Filled(123))], Expected.Closed(1000));
        Add("7.3.6", "close 1000 with a 124-byte reason (payload over 125)", [WireFrame.CloseOf(1000, Filled(124))], Expected.Failed(ProtocolError));
        Add("7.5.1", "close 1000 with an invalid UTF-8 reason", [WireFrame.CloseOf(1000, Hex("CEBAE1BDB9CF83CEBCCEB5EDA080656469746564"))], Expected.Failed(ProtocolError));
        int[] validCodes = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999];
        for (var i = 0; i < validCodes.Length; i++)
        {
            Add($"7.7.{i + 1}", $"close with valid code {validCodes[i]}", [WireFrame.CloseOf(validCodes[i])], Expected.Closed(validCodes[i]));
        }

        int[] invalidCodes = [0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999];
        for (var i = 0; i < invalidCodes.Length; i++)
        {
            Add($"7.9.{i + 1}", $"close with invalid code {invalidCodes[i]}", [WireFrame.CloseOf(invalidCodes[i])], Expected.Failed(ProtocolError));
        }

        Add("7.13.1", "close with code 5000", [WireFrame.CloseOf(5000)], Expected.Failed(ProtocolError));
        Add("7.13.2", "close with code 65535", [WireFrame.CloseOf(65535)], Expected.Failed(ProtocolError));
        return cases;
    }
}
