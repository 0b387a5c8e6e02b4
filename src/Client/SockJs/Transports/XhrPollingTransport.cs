namespace Realtime.Client.SockJs.Transports;

/// <summary><c>xhr</c>: long polling, one frame per response, the next request sent as soon as one ends.</summary>
internal sealed class XhrPollingTransport(string sessionUrl, ITransportSink sink, HttpClient http) : XhrTransport(sessionUrl, sink, http)
{
    public override SockJsTransports Kind => SockJsTransports.XhrPolling;

    protected override string ReceivePath => "xhr";
}
