using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Realtime.Client.Protocol;

namespace Realtime.Client;

/// <summary>
/// A subscription to one channel. It keeps the channel's position (epoch and last offset seen) and, after the client
/// reconnects, subscribes again from it, so publications made during the outage arrive in order and exactly once
/// when the channel's history still holds them (<see cref="SubscribedEventArgs.Recovered"/> says whether it did).
/// </summary>
/// <remarks>
/// Publications reach <see cref="SubscribeOptions.OnPublication"/>, then the <see cref="Publication"/> event, then the
/// <see cref="ReadAllAsync"/> queue (when <see cref="SubscribeOptions.Buffered"/>), in offset order, on the connection's
/// receive loop. A publication at or below the position is a repeat and is dropped.
/// </remarks>
public sealed class Subscription
{
    private readonly RealtimeClient _client;
    private readonly Channel<Publication>? _queue;
    private readonly object _gate = new();
    private StreamPosition? _position;
    private int _state;

    internal Subscription(RealtimeClient client, string channel, SubscribeOptions options)
    {
        _client = client;
        Channel = channel;
        Options = options;
        _position = options.Since;
        _queue = options.Buffered ? System.Threading.Channels.Channel.CreateUnbounded<Publication>(new UnboundedChannelOptions { SingleWriter = true }) : null;
    }

    /// <summary>The channel's name.</summary>
    public string Channel { get; }

    /// <summary>The channel's epoch and the offset of the last publication delivered; null before the first reply.</summary>
    public StreamPosition? Position
    {
        get
        {
            lock (_gate)
            {
                return _position;
            }
        }
    }

    /// <summary>Where the subscription is.</summary>
    public SubscriptionState State => (SubscriptionState)Volatile.Read(ref _state);

    /// <summary>Whether the last resume recovered everything (false also when the last subscribe was not a resume).</summary>
    public bool Recovered { get; private set; }

    /// <summary>The <c>data</c> a namespace handler added to the last <c>subscribe</c> reply, if any.</summary>
    public JsonElement? Data { get; private set; }

    internal SubscribeOptions Options { get; }

    /// <summary>Each publication, in offset order (after <see cref="SubscribeOptions.OnPublication"/>).</summary>
    public event EventHandler<Publication>? Publication;

    /// <summary>Each answered <c>subscribe</c>: the first, and every resume after a reconnect.</summary>
    public event EventHandler<SubscribedEventArgs>? Subscribed;

    /// <summary>The subscription ended (app or server); no more publications.</summary>
    public event EventHandler<UnsubscribedEventArgs>? Unsubscribed;

    /// <summary>A member joined (or updated its presence data) in a namespace with join/leave pushes.</summary>
    public event EventHandler<PresenceMember>? Joined;

    /// <summary>A member left, in a namespace with join/leave pushes.</summary>
    public event EventHandler<PresenceMember>? Left;

    /// <summary>
    /// The publications as an async stream, from the moment of subscribing, ending when the subscription ends. Needs
    /// <see cref="SubscribeOptions.Buffered"/>; only one reader at a time.
    /// </summary>
    /// <param name="cancellationToken">Stops the enumeration (the subscription stays).</param>
    public async IAsyncEnumerable<Publication> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_queue is null)
        {
            throw new InvalidOperationException($"Subscribe to {Channel} with {nameof(SubscribeOptions)}.{nameof(SubscribeOptions.Buffered)} = true to read its publications as a stream.");
        }

        await foreach (var publication in _queue.Reader.ReadAllAsync(cancellationToken))
        {
            yield return publication;
        }
    }

    /// <summary>Unsubscribes (when connected, the server is told) and ends the subscription.</summary>
    /// <param name="cancellationToken">Cancels waiting for the server's reply; the subscription ends all the same.</param>
    public Task UnsubscribeAsync(CancellationToken cancellationToken = default) => _client.UnsubscribeAsync(this, cancellationToken);

    internal StreamPosition? ResumeFrom() => Position;

    internal void MarkResubscribing()
    {
        if (State != SubscriptionState.Unsubscribed)
        {
            Volatile.Write(ref _state, (int)SubscriptionState.Resubscribing);
        }
    }

    /// <summary>Applies a <c>subscribe</c> reply; runs on the receive loop before any later push of the channel.</summary>
    internal void Apply(JsonElement ok, StreamPosition? since)
    {
        if (State == SubscriptionState.Unsubscribed)
        {
            return;
        }

        var epoch = Replies.String(ok, "epoch");
        var offset = Replies.Int64(ok, "offset");
        var recovered = Replies.Bool(ok, "recovered");
        Recovered = recovered;
        Data = Replies.Optional(ok, "data");
        lock (_gate)
        {
            // The reply's publications follow since; without recovery there are none and the stream starts over.
            _position = recovered && since is { } from ? new StreamPosition(epoch, from.Offset) : new StreamPosition(epoch, offset);
        }

        Volatile.Write(ref _state, (int)SubscriptionState.Subscribed);
        if (recovered)
        {
            foreach (var publication in Replies.Publications(Channel, ok))
            {
                Deliver(publication);
            }
        }

        lock (_gate)
        {
            _position = new StreamPosition(epoch, Math.Max(offset, _position?.Offset ?? 0));
        }

        Raise(Subscribed, new SubscribedEventArgs(Position!.Value, since is not null, recovered));
    }

    internal void Deliver(Publication publication)
    {
        lock (_gate)
        {
            if (_position is { } at && publication.Offset <= at.Offset)
            {
                return;
            }

            _position = new StreamPosition(_position?.Epoch ?? string.Empty, publication.Offset);
        }

        try
        {
            Options.OnPublication?.Invoke(publication);
            Publication?.Invoke(this, publication);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _client.HandlerFailed(ex);
        }

        _queue?.Writer.TryWrite(publication);
    }

    internal void OnJoinOrLeave(bool joined, PresenceMember member) => Raise(joined ? Joined : Left, member);

    internal void End(int code, string reason)
    {
        if (Interlocked.Exchange(ref _state, (int)SubscriptionState.Unsubscribed) == (int)SubscriptionState.Unsubscribed)
        {
            return;
        }

        _queue?.Writer.TryComplete();
        Raise(Unsubscribed, new UnsubscribedEventArgs(code, reason));
    }

    private void Raise<T>(EventHandler<T>? handler, T args)
    {
        try
        {
            handler?.Invoke(this, args);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _client.HandlerFailed(ex);
        }
    }
}
