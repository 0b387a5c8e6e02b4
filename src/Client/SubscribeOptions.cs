using System.Text.Json;

namespace Realtime.Client;

/// <summary>How to subscribe to a channel.</summary>
public sealed class SubscribeOptions
{
    /// <summary>Resume from this position: the reply carries every publication after it when the channel still has them.</summary>
    public StreamPosition? Since { get; set; }

    /// <summary>This member's presence data (presence namespaces).</summary>
    public JsonElement? Presence { get; set; }

    /// <summary>The subscription token of a private channel.</summary>
    public string? Token { get; set; }

    /// <summary>
    /// Makes a fresh subscription token for each resubscribe after a reconnect (a subscription token is checked when
    /// subscribing and may have expired since). Without it <see cref="Token"/> is sent again.
    /// </summary>
    public Func<string, CancellationToken, ValueTask<string>>? TokenProvider { get; set; }

    /// <summary>
    /// Called for each publication, in offset order, on the connection's receive loop, from the first one on
    /// (including those a resuming reply carries). Keep it short: it holds up the connection.
    /// </summary>
    public Action<Publication>? OnPublication { get; set; }

    /// <summary>
    /// Keeps every publication in an unbounded queue for <see cref="Subscription.ReadAllAsync"/> from the moment of
    /// subscribing. Off by default: a queue nobody reads only grows. <value>Default false.</value>
    /// </summary>
    public bool Buffered { get; set; }
}
