namespace Realtime.Client;

/// <summary>A <c>subscribe</c> was answered: the first one, or a resume after a reconnect.</summary>
public sealed class SubscribedEventArgs(StreamPosition position, bool resumed, bool recovered) : EventArgs
{
    /// <summary>The channel's epoch and offset after the publications the reply carried.</summary>
    public StreamPosition Position { get; } = position;

    /// <summary>Whether the request carried a <c>since</c> position (a resume).</summary>
    public bool Resumed { get; } = resumed;

    /// <summary>
    /// Whether every publication after the resumed position came back (they were delivered before this event).
    /// False on a resume means some were lost to the channel's history window or epoch: reload the state.
    /// </summary>
    public bool Recovered { get; } = recovered;
}
