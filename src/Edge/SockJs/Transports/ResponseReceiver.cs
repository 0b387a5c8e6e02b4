using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Realtime.Edge.SockJs.Endpoints;
using Realtime.Edge.SockJs.Framing;
using Realtime.Edge.SockJs.Security;
using Realtime.Edge.SockJs.Sessions;

namespace Realtime.Edge.SockJs.Transports;

/// <summary>
/// Base of the HTTP receiving transports: attaches the request to its session, then writes frames
/// in the transport's wrapping, one flush per frame (one HTTP chunk each), until the poll is
/// answered, the response limit is reached, the session closes or the client goes away.
/// </summary>
internal abstract class ResponseReceiver : IReceiver
{
    // How long a second receiver waits for the first to turn out aborted before it gets c[2010].
    private static readonly TimeSpan AbortGrace = TimeSpan.FromMilliseconds(300);
    private readonly Lock _signalGate = new();
    private TaskCompletionSource? _waiter;
    private bool _signaled;
    private long _written;
    private ArrayBufferWriter<byte>? _staging;

    protected ResponseReceiver(HttpContext context, SockJsService service)
    {
        Context = context;
        Service = service;
    }

    protected HttpContext Context { get; }

    protected SockJsService Service { get; }

    /// <summary>The transport name reported to the handler.</summary>
    protected abstract string Name { get; }

    /// <summary>Streaming receivers keep the response open for many frames; polling ones answer one frame.</summary>
    protected abstract bool Streaming { get; }

    public bool HeartbeatDue { get; set; }

    /// <summary>Sets status, content type and the protocol headers.</summary>
    protected abstract void WriteHeaders(HttpResponse response);

    /// <summary>Bytes written before the first frame (streaming preludes); not counted in the response limit.</summary>
    protected virtual ReadOnlySpan<byte> Prelude => [];

    /// <summary>Upper bound of the wrapped size of a frame of <paramref name="frameLength"/> bytes.</summary>
    protected abstract int MaxWrappedLength(int frameLength);

    /// <summary>Writes one frame in the transport's wrapping into <paramref name="destination"/>; returns the bytes written.</summary>
    protected abstract int WriteFrame(ReadOnlySpan<byte> frame, Span<byte> destination);

    public void Wake()
    {
        TaskCompletionSource? waiter;
        lock (_signalGate)
        {
            waiter = _waiter;
            _waiter = null;
            _signaled = waiter is null;
        }

        waiter?.TrySetResult();
    }

    /// <summary>Serves this receiving request for the session <paramref name="sessionKey"/>, if <paramref name="identity"/> may use it.</summary>
    public async Task RunAsync(string sessionKey, RequestIdentity identity)
    {
        AddressSlot? slot = null;
        if (Service.Sessions.TryGetValue(sessionKey, out var existing))
        {
            if (!await Service.Guard.AdmitsAsync(Context, existing, identity, Name))
            {
                SockJsHttp.NoCache(Context.Response);
                await Service.Guard.NotFoundAsync(Context, identity);
                return;
            }
        }
        else
        {
            slot = Service.Guard.TakeSlot(Context, identity.Address, out var tooMany);
            if (slot is null)
            {
                await tooMany;
                return;
            }
        }

        var response = Context.Response;
        WriteHeaders(response);
        var output = response.BodyWriter;
        var aborted = Context.RequestAborted;
        if (Streaming)
        {
            output.Write(Prelude);
            if (!await FlushAsync(output, aborted))
            {
                return;
            }
        }

        var session = Attach(sessionKey, identity, slot, out var result);
        if (slot is not null && !ReferenceEquals(session.Slot, slot))
        {
            // Another request created the session first; this one's slot is not needed.
            slot.Dispose();
        }

        if (result == AttachResult.Busy)
        {
            await session.WaitForReceiverToLeaveAsync(AbortGrace);
            session = Attach(sessionKey, identity, slot: null, out result);
        }

        // Refused: another client opened the session between the check above and now. It only learns
        // that the id is taken, as a second receiver would.
        if (result is AttachResult.Busy or AttachResult.Refused)
        {
            await WriteLastAsync(output, Frame.AnotherConnectionOpen, aborted);
            return;
        }

        var clientGone = false;
        using var heartbeat = Service.TimeProvider.CreateTimer(
            static s => ((ResponseReceiver)s!).OnHeartbeat(), this, Service.Options.HeartbeatInterval, Service.Options.HeartbeatInterval);
        try
        {
            clientGone = !await PumpAsync(session, output, aborted);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ConnectionResetException)
        {
            clientGone = true;
        }
        finally
        {
            session.Detach(this, clientGone || aborted.IsCancellationRequested);
        }
    }

    private HttpSession Attach(string key, RequestIdentity identity, AddressSlot? slot, out AttachResult result)
    {
        while (true)
        {
            // A session that appeared and vanished since the check above is created uncounted: rare, and never more than one per request.
            var session = Service.Sessions.GetOrAdd(
                key,
                static (k, a) => new HttpSession(a.Receiver.Service, k, a.Receiver.Name, a.Identity, a.Receiver.Context.Request.Headers.Origin.ToString() is { Length: > 0 } o ? o : null, a.Slot ?? AddressSlot.Unlimited),
                (Receiver: this, Identity: identity, Slot: slot));
            if (!Service.Guard.Admits(session, identity, Name))
            {
                result = AttachResult.Refused;
                return session;
            }

            result = session.TryAttach(this);
            if (result != AttachResult.Gone)
            {
                return session;
            }
        }
    }

    /// <summary>Writes frames until done; false when the client went away.</summary>
    private async Task<bool> PumpAsync(HttpSession session, PipeWriter output, CancellationToken aborted)
    {
        while (true)
        {
            var work = session.Take(this, out var messages, out var closeFrame);
            switch (work)
            {
                case PendingWork.None:
                    await WaitAsync(aborted);
                    continue;
                case PendingWork.Open:
                    Write(output, Frame.Open);
                    _ = session.OpenedAsync();
                    break;
                case PendingWork.Heartbeat:
                    Write(output, Frame.Heartbeat);
                    break;
                case PendingWork.Close:
                    return await WriteLastAsync(output, closeFrame!, aborted);
                case PendingWork.Messages:
                    WriteMessages(output, messages!);
                    session.Recycle(messages!);
                    break;
            }

            if (!Streaming)
            {
                return await CompleteAsync(output, aborted);
            }

            if (!await FlushAsync(output, aborted))
            {
                return false;
            }

            if (_written >= Service.Options.ResponseLimit)
            {
                return true;
            }
        }
    }

    private void WriteMessages(PipeWriter output, List<SockJsMessage> messages)
    {
        var length = Frame.MessagesLength(messages);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var frameLength = Frame.WriteMessages(messages, buffer);
            Write(output, buffer.AsSpan(0, frameLength));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Writes a wrapped frame with one GetSpan/Advance pair: Kestrel starts a new HTTP chunk at each
    /// buffer it hands out, and the protocol wants each frame as exactly one chunk. Polling answers are
    /// staged so the Content-Length can be set before the headers go out.
    /// </summary>
    private void Write(PipeWriter output, ReadOnlySpan<byte> frame)
    {
        IBufferWriter<byte> target = Streaming ? output : _staging ??= new ArrayBufferWriter<byte>(256);
        var length = WriteFrame(frame, target.GetSpan(MaxWrappedLength(frame.Length)));
        target.Advance(length);
        _written += length;
    }

    private async Task<bool> WriteLastAsync(PipeWriter output, byte[] frame, CancellationToken aborted)
    {
        Write(output, frame);
        return Streaming ? await FlushAsync(output, aborted) : await CompleteAsync(output, aborted);
    }

    /// <summary>Polling responses are sent whole with a Content-Length, which HTTP/1.0 clients need.</summary>
    private async Task<bool> CompleteAsync(PipeWriter output, CancellationToken aborted)
    {
        var body = _staging is null ? ReadOnlyMemory<byte>.Empty : _staging.WrittenMemory;
        Context.Response.ContentLength = body.Length;
        var result = await output.WriteAsync(body, aborted);
        return !result.IsCompleted && !result.IsCanceled;
    }

    private static async Task<bool> FlushAsync(PipeWriter output, CancellationToken aborted)
    {
        var result = await output.FlushAsync(aborted);
        return !result.IsCompleted && !result.IsCanceled;
    }

    private Task WaitAsync(CancellationToken aborted)
    {
        lock (_signalGate)
        {
            if (_signaled)
            {
                _signaled = false;
                return Task.CompletedTask;
            }

            _waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _waiter.Task.WaitAsync(aborted);
        }
    }

    private void OnHeartbeat()
    {
        HeartbeatDue = true;
        Wake();
    }

    /// <summary>Common headers of the session transports: no-cache and the JSESSIONID cookie.</summary>
    protected void SessionHeaders(HttpResponse response, string contentType)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        SockJsHttp.NoCache(response);
        SockJsHttp.Cookie(Context, Service.Options);
    }
}
