using System.Buffers;
using BenchmarkDotNet.Attributes;
using Realtime.Edge.SockJs;
using Realtime.Edge.SockJs.Framing;

namespace Realtime.Bench.Micro;

/// <summary>
/// The per-message costs of the SockJS hot path: encoding a message once (fan-out does this once
/// per message per edge), batching queued messages into one frame, and parsing a client payload.
/// </summary>
[MemoryDiagnoser]
public class FramingBenchmarks
{
    private readonly ArrayBufferWriter<byte> _writer = new(4096);
    private readonly List<string> _parsed = new(8);
    private string _ascii = string.Empty;
    private string _unicode = string.Empty;
    private List<SockJsMessage> _batch = [];
    private byte[] _payload = [];
    private byte[] _frameBuffer = [];

    [Params(128, 4096)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _ascii = new string('x', Size - 19) + "{\"k\":\"v\",\"n\":12345}";
        _unicode = string.Concat(Enumerable.Repeat("é€\u2028😀\"", Size / 8));
        _batch = Enumerable.Range(0, 8).Select(i => new SockJsMessage(_ascii)).ToList();
        _payload = System.Text.Encoding.UTF8.GetBytes("[\"" + _ascii + "\",\"" + _ascii + "\"]");
        _frameBuffer = new byte[Frame.MessagesLength(_batch)];
    }

    [Benchmark(Baseline = true)]
    public int EncodeAscii()
    {
        _writer.ResetWrittenCount();
        SockJsJson.WriteString(_ascii, _writer);
        return _writer.WrittenCount;
    }

    [Benchmark]
    public int EncodeUnicode()
    {
        _writer.ResetWrittenCount();
        SockJsJson.WriteString(_unicode, _writer);
        return _writer.WrittenCount;
    }

    [Benchmark]
    public int BatchEightIntoOneFrame() => Frame.WriteMessages(_batch, _frameBuffer);

    [Benchmark]
    public int ParseClientPayload()
    {
        _parsed.Clear();
        SockJsPayload.Parse(_payload, _parsed, allowSingleValue: false);
        return _parsed.Count;
    }
}
