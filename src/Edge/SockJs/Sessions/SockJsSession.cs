using System.Net;
using System.Security.Cryptography;

namespace Realtime.Edge.SockJs.Sessions;

/// <summary>
/// What every transport's session shares: identity, state, the handler calls and the
/// close-once guarantee. Subclasses decide how frames reach the client.
/// </summary>
internal abstract class SockJsSession : ISockJsConnection
{
    /// <summary>Close code of a session over <see cref="SockJsOptions.MaxFramesPerSecond"/>.</summary>
    public const int TooManyFramesCode = 3008;

    private int _closedNotified;
    private FrameRate _frames;

    protected SockJsSession(SockJsService service, string transport, IPAddress? remoteAddress, string? origin)
    {
        Service = service;
        Transport = transport;
        RemoteAddress = remoteAddress;
        Origin = origin;
        Id = NewId();
        _frames = new FrameRate(service.Options.MaxFramesPerSecond, service.TimeProvider);
    }

    public string Id { get; }

    public string Transport { get; }

    public IPAddress? RemoteAddress { get; }

    public string? Origin { get; }

    public object? Items { get; set; }

    public SockJsSessionState State => (SockJsSessionState)Volatile.Read(ref StateValue);

    protected SockJsService Service { get; }

    /// <summary>Backing field of <see cref="State"/>, an int so it can be changed with Interlocked.</summary>
    protected int StateValue;

    public bool Send(string message) => Send(new SockJsMessage(message));

    public abstract bool Send(SockJsMessage message);

    public abstract void Close(int code = 1000, string reason = "Normal closure");

    /// <summary>No-op here: only sessions whose id is looked up again (HTTP transports) keep a binding.</summary>
    public virtual void BindPrincipal(string principal)
    {
    }

    /// <summary>Moves from <paramref name="from"/> to <paramref name="to"/>; false if the state was not <paramref name="from"/>.</summary>
    protected bool TransitionFrom(SockJsSessionState from, SockJsSessionState to) =>
        Interlocked.CompareExchange(ref StateValue, (int)to, (int)from) == (int)from;

    /// <summary>
    /// Counts one inbound frame; over the rate, closes the session with 3008 and returns false. Called by one
    /// reader at a time.
    /// </summary>
    protected bool AdmitFrame()
    {
        if (_frames.TryTake())
        {
            return true;
        }

        Log.TooManyFrames(Service.Logger, Id, RemoteAddress, Service.Options.MaxFramesPerSecond);
        Close(TooManyFramesCode, "Too many frames");
        return false;
    }

    /// <summary>Tells the handler the session opened; exceptions close the session.</summary>
    protected async ValueTask NotifyOpenAsync()
    {
        try
        {
            await Service.Handler.OnOpenAsync(this);
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(Service.Logger, Id, nameof(ISockJsHandler.OnOpenAsync), ex);
            Close(1011, "Internal error");
        }
    }

    /// <summary>Hands one message to the handler; exceptions close the session.</summary>
    protected async ValueTask DeliverAsync(string message)
    {
        try
        {
            await Service.Handler.OnMessageAsync(this, message);
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(Service.Logger, Id, nameof(ISockJsHandler.OnMessageAsync), ex);
            Close(1011, "Internal error");
        }
    }

    /// <summary>Tells the handler the session closed, at most once.</summary>
    protected void NotifyClosed()
    {
        if (Interlocked.Exchange(ref _closedNotified, 1) != 0)
        {
            return;
        }

        try
        {
            Service.Handler.OnClosed(this);
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(Service.Logger, Id, nameof(ISockJsHandler.OnClosed), ex);
        }
    }

    private static string NewId()
    {
        Span<byte> bytes = stackalloc byte[12];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');
    }
}
