using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Realtime.Client.SockJs.Framing;

namespace Realtime.Client.SockJs.Transports;

/// <summary>
/// What the two xhr transports share: a receive loop that POSTs to the receiving URL again each time a response
/// ends and reads <c>\n</c>-separated frames from it, and <c>xhr_send</c> for sending. Sends made while one is in
/// flight are batched into the next POST, as sockjs-client does, so a burst costs a few requests, not one each.
/// </summary>
internal abstract class XhrTransport(string sessionUrl, ITransportSink sink, HttpClient http) : ClientTransport(sessionUrl, sink)
{
    private static readonly MediaTypeHeaderValue PlainText = new("text/plain") { CharSet = "UTF-8" };

    private readonly CancellationTokenSource _stop = new();
    private readonly object _sendGate = new();
    private ArrayBufferWriter<byte> _queued = new(256);
    private TaskCompletionSource? _queuedSent;
    private bool _sending;

    /// <summary>The receiving endpoint, <c>xhr_streaming</c> or <c>xhr</c>.</summary>
    protected abstract string ReceivePath { get; }

    public override async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        var token = linked.Token;
        var url = SessionUrl + ReceivePath;
        var lines = new LineSplitter();
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent([]) };
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
            }
            catch (HttpRequestException ex)
            {
                throw new SockJsException($"POST {url} failed: {ex.Message}", ex);
            }

            using (response)
            {
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new SockJsException($"POST {url} answered {(int)response.StatusCode} {response.ReasonPhrase}");
                }

                try
                {
                    await using var body = await response.Content.ReadAsStreamAsync(token);
                    lines.Clear();
                    int read;
                    while ((read = await body.ReadAsync(lines.Free(), token)) > 0)
                    {
                        lines.Advance(read);
                        while (lines.TryReadLine(out var frame))
                        {
                            if (!Sink.OnFrame(frame))
                            {
                                return;
                            }
                        }
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException)
                {
                    throw new SockJsException($"The response of POST {url} broke: {ex.Message}", ex);
                }

                if (lines.HasPartialLine)
                {
                    throw new SockJsProtocolException($"The response of POST {url} ended inside a frame (no final newline).");
                }
            }
        }
    }

    public override ValueTask SendAsync(ReadOnlyMemory<byte> encodedMessages, CancellationToken cancellationToken)
    {
        Task batch;
        var start = false;
        lock (_sendGate)
        {
            if (_queued.WrittenCount > 0)
            {
                _queued.Write(","u8);
            }

            _queued.Write(encodedMessages.Span);
            _queuedSent ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            batch = _queuedSent.Task;
            if (!_sending)
            {
                _sending = true;
                start = true;
            }
        }

        if (start)
        {
            _ = SendLoopAsync();
        }

        return new ValueTask(batch.WaitAsync(cancellationToken));
    }

    public override ValueTask DisposeAsync()
    {
        _stop.Cancel();
        return ValueTask.CompletedTask;
    }

    private async Task SendLoopAsync()
    {
        var url = SessionUrl + "xhr_send";
        var spare = new ArrayBufferWriter<byte>(256);
        while (true)
        {
            ArrayBufferWriter<byte> batch;
            TaskCompletionSource sent;
            lock (_sendGate)
            {
                if (_queued.WrittenCount == 0)
                {
                    _sending = false;
                    return;
                }

                batch = _queued;
                sent = _queuedSent!;
                _queued = spare;
                _queuedSent = null;
            }

            try
            {
                var body = new byte[batch.WrittenCount + 2];
                body[0] = (byte)'[';
                batch.WrittenSpan.CopyTo(body.AsSpan(1));
                body[^1] = (byte)']';
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = PlainText;
                using var response = await http.PostAsync(url, content, _stop.Token);
                if (response.StatusCode is not (HttpStatusCode.NoContent or HttpStatusCode.OK))
                {
                    throw new SockJsException($"POST {url} answered {(int)response.StatusCode} {response.ReasonPhrase}");
                }

                sent.TrySetResult();
            }
            catch (Exception ex) when (ex is HttpRequestException or SockJsException or OperationCanceledException or ObjectDisposedException)
            {
                var error = ex as SockJsException ?? new SockJsException($"POST {url} failed: {ex.Message}", ex);
                sent.TrySetException(error);
                FailQueued(error);
                Sink.OnSendFailed(error);
                return;
            }

            batch.ResetWrittenCount();
            spare = batch;
        }
    }

    // After a failed send nothing later may go out (the server would see a hole in the message order): the queue's
    // promise stays failed and _sending stays set, so every later send fails at once instead of starting a POST.
    private void FailQueued(SockJsException error)
    {
        lock (_sendGate)
        {
            _queuedSent?.TrySetException(error);
            _queuedSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _queuedSent.TrySetException(error);
            _queued.ResetWrittenCount();
        }
    }
}
