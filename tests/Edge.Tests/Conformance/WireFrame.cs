using System.Buffers.Binary;
using System.Text;

namespace Realtime.Edge.Tests.Conformance;

/// <summary>One WebSocket frame as it is on the wire (unmasked).</summary>
internal sealed record WireFrame(int Opcode, byte[] Payload, bool Fin = true, int Rsv = 0)
{
    public const int Continuation = 0x0;
    public const int Text = 0x1;
    public const int Binary = 0x2;
    public const int Close = 0x8;
    public const int Ping = 0x9;
    public const int Pong = 0xA;

    public static WireFrame TextOf(string text, bool fin = true) => new(Text, Encoding.UTF8.GetBytes(text), fin);

    public static WireFrame CloseOf(int code, byte[]? reason = null)
    {
        var payload = new byte[2 + (reason?.Length ?? 0)];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)code);
        reason?.CopyTo(payload, 2);
        return new WireFrame(Close, payload);
    }

    /// <summary>The close code of a close frame; null when it carries none.</summary>
    public int? CloseCode => Opcode == Close && Payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(Payload) : null;

    public override string ToString() =>
        $"opcode {Opcode} fin {Fin} rsv {Rsv} {Payload.Length} bytes" + (CloseCode is { } c ? $" code {c}" : "");
}
