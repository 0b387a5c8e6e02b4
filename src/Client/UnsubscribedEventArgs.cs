namespace Realtime.Client;

/// <summary>A subscription ended for good.</summary>
public sealed class UnsubscribedEventArgs(int code, string reason) : EventArgs
{
    /// <summary>0 when the app unsubscribed; else the server's code (403 token no longer allows it, 3002 the server API ended it, or a resubscribe's error).</summary>
    public int Code { get; } = code;

    /// <summary>Why.</summary>
    public string Reason { get; } = reason;
}
