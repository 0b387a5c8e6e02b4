namespace Realtime.Client.SockJs.Transports;

/// <summary><c>xhr_streaming</c>: a long response of frames after a 2 KiB <c>h</c> prelude, re-requested each time the server ends it (its response limit).</summary>
internal sealed class XhrStreamingTransport(string sessionUrl, ITransportSink sink, HttpClient http) : XhrTransport(sessionUrl, sink, http)
{
    public override SockJsTransports Kind => SockJsTransports.XhrStreaming;

    protected override string ReceivePath => "xhr_streaming";
}
