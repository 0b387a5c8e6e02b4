using Realtime.Edge.SockJs.Framing;
using Realtime.Edge.SockJs.Security;

namespace Realtime.Edge.SockJs.Sessions;

/// <summary>
/// A session carried by HTTP requests: one receiving request at a time takes frames from it,
/// sending requests hand it messages. It outlives its requests by the disconnect delay.
/// </summary>
/// <remarks>All state changes happen under <see cref="_gate"/>; writes happen in the receiver's request.</remarks>
internal sealed class HttpSession : SockJsSession
{
    private readonly Lock _gate = new();
    private readonly string _key;

    // Held until OnOpenAsync has run, so messages sent right after `o` wait for the handler.
    private readonly SemaphoreSlim _inbound = new(0, 1);
    private List<SockJsMessage> _pending = [];
    private List<SockJsMessage>? _spare;
    private int _pendingBytes;
    private IReceiver? _receiver;
    private byte[]? _closeFrame;
    private ITimer? _disconnectTimer;
    private TaskCompletionSource? _receiverLeft;
    // True once _inbound was released, by the open callback or by a close before it ran.
    private bool _opened;

    public HttpSession(SockJsService service, string key, string transport, RequestIdentity opener, string? origin, AddressSlot slot)
        : base(service, transport, opener.Address, origin)
    {
        _key = key;
        Binding = new SessionBinding(opener.Address, opener.Cookie);
        Slot = slot;
    }

    /// <summary>The session's place in its opener's count of open sessions, given back when it closes for good.</summary>
    public AddressSlot Slot { get; }

    /// <summary>Who may use this session: the opener, then the principal bound by the layer above.</summary>
    public SessionBinding Binding { get; }

    public override void BindPrincipal(string principal) => Binding.BindPrincipal(principal);

    /// <summary>Attaches a receiving request unless another one is attached.</summary>
    public AttachResult TryAttach(IReceiver receiver)
    {
        lock (_gate)
        {
            if (State == SockJsSessionState.Closed)
            {
                return AttachResult.Gone;
            }

            if (_receiver is not null)
            {
                return AttachResult.Busy;
            }

            _receiver = receiver;
            _disconnectTimer?.Dispose();
            _disconnectTimer = null;
            return AttachResult.Attached;
        }
    }

    /// <summary>
    /// Waits up to <paramref name="grace"/> for the attached receiver to leave. A client that cuts a poll
    /// and at once opens the next one can reach us before Kestrel has seen the first connection close;
    /// that client must get its session (or a fresh one), not <c>c[2010]</c>.
    /// </summary>
    public Task WaitForReceiverToLeaveAsync(TimeSpan grace)
    {
        lock (_gate)
        {
            if (_receiver is null)
            {
                return Task.CompletedTask;
            }

            _receiverLeft ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _receiverLeft.Task.WaitAsync(grace, Service.TimeProvider).ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Takes the next piece of work for <paramref name="receiver"/>: open, buffered messages, close
    /// or heartbeat, in that priority. <paramref name="messages"/> is set for <see cref="PendingWork.Messages"/>
    /// and must be handed back through <see cref="Recycle"/>.
    /// </summary>
    public PendingWork Take(IReceiver receiver, out List<SockJsMessage>? messages, out byte[]? closeFrame)
    {
        messages = null;
        closeFrame = null;
        lock (_gate)
        {
            if (TransitionFrom(SockJsSessionState.Connecting, SockJsSessionState.Open))
            {
                return PendingWork.Open;
            }

            if (_pending.Count > 0)
            {
                messages = _pending;
                _pending = _spare ?? [];
                _spare = null;
                Service.Metrics?.Queued(-_pendingBytes);
                _pendingBytes = 0;
                return PendingWork.Messages;
            }

            if (_closeFrame is not null)
            {
                closeFrame = _closeFrame;
                return PendingWork.Close;
            }

            if (receiver.HeartbeatDue)
            {
                receiver.HeartbeatDue = false;
                return PendingWork.Heartbeat;
            }

            return PendingWork.None;
        }
    }

    /// <summary>Returns a drained message list for reuse.</summary>
    public void Recycle(List<SockJsMessage> list)
    {
        list.Clear();
        lock (_gate)
        {
            _spare ??= list;
        }
    }

    /// <summary>Runs the handler's open callback once the open frame is on its way, then lets inbound messages through.</summary>
    public async Task OpenedAsync()
    {
        Log.SessionOpened(Service.Logger, Id, Transport);
        await NotifyOpenAsync();
        bool release;
        lock (_gate)
        {
            release = !_opened;
            _opened = true;
        }

        if (release)
        {
            _inbound.Release();
        }
    }

    /// <summary>Detaches the receiver. An aborted receiver closes the session at once, as sockjs-node does.</summary>
    public void Detach(IReceiver receiver, bool aborted)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_receiver, receiver))
            {
                return;
            }

            _receiver = null;
            _receiverLeft?.TrySetResult();
            _receiverLeft = null;
            if (!aborted)
            {
                _disconnectTimer?.Dispose();
                _disconnectTimer = Service.TimeProvider.CreateTimer(
                    static s => ((HttpSession)s!).OnDisconnectTimeout(), this, Service.Options.DisconnectDelay, Timeout.InfiniteTimeSpan);
                return;
            }
        }

        Forget();
    }

    /// <summary>Delivers messages from a sending request in order; dropped when the session is closing.</summary>
    public async Task ReceiveAsync(List<string> messages, CancellationToken cancellationToken)
    {
        await _inbound.WaitAsync(cancellationToken);
        try
        {
            if (State == SockJsSessionState.Open && !AdmitFrame())
            {
                return;
            }

            foreach (var message in messages)
            {
                if (State != SockJsSessionState.Open)
                {
                    return;
                }

                await DeliverAsync(message);
            }
        }
        finally
        {
            _inbound.Release();
        }
    }

    public override bool Send(SockJsMessage message)
    {
        IReceiver? wake;
        lock (_gate)
        {
            var state = State;
            if (state is SockJsSessionState.Closing or SockJsSessionState.Closed)
            {
                return false;
            }

            if (_pendingBytes + message.Size > Service.Options.MaxQueuedBytes)
            {
                wake = null;
            }
            else
            {
                _pending.Add(message);
                _pendingBytes += message.Size;
                Service.Metrics?.Queued(message.Size);
                wake = _receiver;
                wake?.Wake();
                return true;
            }
        }

        Log.SlowConsumer(Service.Logger, Id, _pendingBytes);
        Service.Metrics?.SlowConsumer();
        Close(3003, "Slow consumer");
        return false;
    }

    public override void Close(int code = 1000, string reason = "Normal closure")
    {
        lock (_gate)
        {
            if (!TransitionFrom(SockJsSessionState.Open, SockJsSessionState.Closing)
                && !TransitionFrom(SockJsSessionState.Connecting, SockJsSessionState.Closing))
            {
                return;
            }

            _closeFrame = Frame.Close(code, reason);
            _receiver?.Wake();
        }

        NotifyClosed();
    }

    private void OnDisconnectTimeout()
    {
        lock (_gate)
        {
            if (_receiver is not null)
            {
                return;
            }
        }

        Forget();
    }

    /// <summary>Closes for good: removed from the registry, so the same id would start a new session.</summary>
    private void Forget()
    {
        bool releaseInbound;
        lock (_gate)
        {
            if (State == SockJsSessionState.Closed)
            {
                return;
            }

            StateValue = (int)SockJsSessionState.Closed;
            _disconnectTimer?.Dispose();
            _disconnectTimer = null;
            _pending.Clear();
            Service.Metrics?.Queued(-_pendingBytes);
            _pendingBytes = 0;
            releaseInbound = !_opened;
            _opened = true;
        }

        if (releaseInbound)
        {
            // Never opened: let any waiting sender through; it sees the closed state and drops its messages.
            _inbound.Release();
        }

        Service.Sessions.TryRemove(new KeyValuePair<string, HttpSession>(_key, this));
        Slot.Dispose();
        Service.Locator?.Release(Service.Prefix + "/" + _key);
        Log.SessionClosed(Service.Logger, Id);
        NotifyClosed();
    }
}
