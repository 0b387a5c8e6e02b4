using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Realtime.Client.Protocol;
using Realtime.Client.SockJs;

namespace Realtime.Client;

/// <summary>
/// A client of the realtime protocol (<c>docs/protocol.md</c>) over SockJS. It connects with a token, subscribes,
/// publishes and asks for presence, history and rpc; requests are matched to replies by id, each with a timeout and
/// a cancellation token. After a drop that the server did not make final it reconnects with exponential backoff and
/// jitter, asks <see cref="RealtimeClientOptions.TokenProvider"/> for a fresh token, and resumes every subscription
/// from the last offset it delivered.
/// </summary>
/// <remarks>
/// Publication callbacks and subscription events run on the connection's receive loop, one at a time: keep them short,
/// or hand the work on (<see cref="Subscription.ReadAllAsync"/>). <see cref="Connected"/> and <see cref="Disconnected"/>
/// run on the client's connect and reconnect tasks. A handler that throws is logged and the client carries on.
/// Guarantees are the server's: publications of one channel in offset order without repeats; a resume that could not
/// recover says so (<see cref="SubscribedEventArgs.Recovered"/> false). Requests in flight when the connection drops
/// fail and are not sent again (a publish may or may not have happened).
/// </remarks>
public sealed partial class RealtimeClient : IAsyncDisposable
{
    private readonly RealtimeClientOptions _options;
    private readonly SockJsConnectionOptions _sockJs;
    private readonly HttpClient? _ownHttp;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly Dictionary<long, Pending> _pending = [];
    private readonly Dictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _lifetime = new();
    private TaskCompletionSource _connected = NewSignal();
    private Session? _session;
    private RealtimeClientState _state;
    private string? _token;
    private long _nextId;
    private Task? _reconnecting;

    /// <summary>Creates a client; nothing happens until <see cref="ConnectAsync"/>.</summary>
    /// <param name="options">Where and how to connect; validated here (<see cref="ArgumentException"/> names a bad option).</param>
    /// <param name="logger">Where the client logs; null for nowhere.</param>
    public RealtimeClient(RealtimeClientOptions options, ILogger<RealtimeClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = options.SockJs.TimeProvider;
        if (options.SockJs.HttpClient is null)
        {
            // One HTTP client for every session of this client: reconnects reuse its pooled sockets and cookies.
            _ownHttp = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer(), ConnectTimeout = TimeSpan.FromSeconds(10) })
            {
                Timeout = Timeout.InfiniteTimeSpan,
            };
        }

        _sockJs = _ownHttp is null ? options.SockJs : options.SockJs.WithHttpClient(_ownHttp);
    }

    /// <summary>Where the client is.</summary>
    public RealtimeClientState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>The current connection's client id (null when not connected).</summary>
    public string? ClientId => Volatile.Read(ref _session)?.ClientId;

    /// <summary>The user the server connected (the token's <c>sub</c>, empty when anonymous; null when not connected).</summary>
    public string? User => Volatile.Read(ref _session)?.User;

    /// <summary>The SockJS transport of the current connection (<see cref="SockJsTransports.None"/> when not connected).</summary>
    public SockJsTransports Transport => Volatile.Read(ref _session)?.Connection?.Transport ?? SockJsTransports.None;

    /// <summary>Raised on every connect: the first, and each automatic reconnect.</summary>
    public event EventHandler<ConnectedEventArgs>? Connected;

    /// <summary>Raised when an established connection ends, saying whether the client reconnects by itself.</summary>
    public event EventHandler<DisconnectedEventArgs>? Disconnected;

    /// <summary>
    /// Opens a session and sends <c>connect</c> with <paramref name="token"/> (or one from the token provider; none for
    /// anonymous access). Throws <see cref="RealtimeException"/> when the server refuses (401 bad token, ...),
    /// <see cref="SockJsException"/> when no transport opens: the first connect is not retried.
    /// </summary>
    /// <param name="token">The connection token; null asks the token provider, if any.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    public async Task ConnectAsync(string? token = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_state == RealtimeClientState.Closed, this);
            if (_state != RealtimeClientState.Disconnected)
            {
                throw new InvalidOperationException($"The client is already {_state}.");
            }

            _state = RealtimeClientState.Connecting;
        }

        try
        {
            _token = token ?? (_options.TokenProvider is { } provider ? await provider(cancellationToken) : null);
            var session = await OpenSessionAsync(_token, cancellationToken);
            OnConnected(session, reconnected: false);
        }
        catch
        {
            lock (_gate)
            {
                if (_state == RealtimeClientState.Connecting)
                {
                    _state = RealtimeClientState.Disconnected;
                }
            }

            throw;
        }
    }

    /// <summary>
    /// Subscribes to <paramref name="channel"/>. Register what should see publications in <paramref name="options"/>
    /// (<see cref="SubscribeOptions.OnPublication"/>, <see cref="SubscribeOptions.Buffered"/>): they arrive from the reply on.
    /// Waits for the connection while reconnecting. Throws <see cref="RealtimeException"/> with the server's code (403, 404, 409...).
    /// </summary>
    /// <param name="channel">The channel's name.</param>
    /// <param name="options">Resume position, presence data, subscription token, callback.</param>
    /// <param name="cancellationToken">Cancels waiting; the subscription is then dropped.</param>
    public async Task<Subscription> SubscribeAsync(string channel, SubscribeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        var subscription = new Subscription(this, channel, options ?? new SubscribeOptions());
        lock (_gate)
        {
            if (!_subscriptions.TryAdd(channel, subscription))
            {
                throw new InvalidOperationException($"Already subscribed to {channel}.");
            }
        }

        try
        {
            var since = subscription.Options.Since;
            var token = subscription.Options.Token;
            await CallAsync("subscribe", w => WriteSubscribe(w, subscription, since, token), cancellationToken, ok => subscription.Apply(ok, since));
            return subscription;
        }
        catch
        {
            Forget(subscription);
            throw;
        }
    }

    /// <summary>Publishes <paramref name="data"/> (any JSON) to <paramref name="channel"/>; returns its offset.</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="data">The publication.</param>
    /// <param name="cancellationToken">Cancels waiting for the reply (the publication may still happen).</param>
    public Task<long> PublishAsync(string channel, JsonElement data, CancellationToken cancellationToken = default) => PublishCoreAsync(channel, data, cancellationToken);

    private async Task<long> PublishCoreAsync(string channel, JsonElement data, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        var ok = await CallAsync("publish", w => { w.WriteString("channel"u8, channel); w.WritePropertyName("data"u8); data.WriteTo(w); }, cancellationToken);
        return Replies.Int64(ok, "offset");
    }

    /// <summary>Publishes <paramref name="data"/> serialized with <see cref="RealtimeClientOptions.JsonSerializerOptions"/>; returns its offset.</summary>
    /// <typeparam name="T">The data's type.</typeparam>
    /// <param name="channel">The channel.</param>
    /// <param name="data">The publication.</param>
    /// <param name="cancellationToken">Cancels waiting for the reply.</param>
    public Task<long> PublishAsync<T>(string channel, T data, CancellationToken cancellationToken = default) =>
        PublishCoreAsync(channel, JsonSerializer.SerializeToElement(data, _options.JsonSerializerOptions), cancellationToken);

    /// <summary>One page of the channel's presence; pass the previous page's <see cref="PresenceResult.Next"/> for the following one.</summary>
    /// <param name="channel">The channel (a presence namespace, or <c>$users:&lt;user&gt;</c>).</param>
    /// <param name="cursor">The page to read; null for the first.</param>
    /// <param name="cancellationToken">Cancels waiting for the reply.</param>
    public async Task<PresenceResult> PresenceAsync(string channel, string? cursor = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        var ok = await CallAsync(
            "presence",
            w =>
            {
                w.WriteString("channel"u8, channel);
                if (cursor is not null)
                {
                    w.WriteString("cursor"u8, cursor);
                }
            },
            cancellationToken);
        var members = new List<PresenceMember>();
        if (ok.TryGetProperty("members", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var member in array.EnumerateArray())
            {
                members.Add(Replies.Member(member));
            }
        }

        var next = ok.TryGetProperty("next", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        return new PresenceResult(members, (int)Replies.Int64(ok, "users"), (int)Replies.Int64(ok, "total"), next);
    }

    /// <summary>Replaces this connection's presence data on a subscribed presence channel (null clears it).</summary>
    /// <param name="channel">The subscribed channel.</param>
    /// <param name="data">The new data.</param>
    /// <param name="cancellationToken">Cancels waiting for the reply.</param>
    public async Task UpdatePresenceAsync(string channel, JsonElement? data, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        await CallAsync(
            "update-presence",
            w =>
            {
                w.WriteString("channel"u8, channel);
                w.WritePropertyName("data"u8);
                if (data is { } value)
                {
                    value.WriteTo(w);
                }
                else
                {
                    w.WriteNullValue();
                }
            },
            cancellationToken);
    }

    /// <summary>The channel's history: the last <paramref name="limit"/> publications, or those after <paramref name="since"/>.</summary>
    /// <param name="channel">The channel (a namespace with history).</param>
    /// <param name="since">Read from after this position; null for the latest.</param>
    /// <param name="limit">Most publications wanted; null for the server's cap.</param>
    /// <param name="cancellationToken">Cancels waiting for the reply.</param>
    public async Task<HistoryResult> HistoryAsync(string channel, StreamPosition? since = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        var ok = await CallAsync(
            "history",
            w =>
            {
                w.WriteString("channel"u8, channel);
                if (since is { } from)
                {
                    RequestWriter.WriteSince(w, from);
                }

                if (limit is { } l)
                {
                    w.WriteNumber("limit"u8, l);
                }
            },
            cancellationToken);
        var position = new StreamPosition(Replies.String(ok, "epoch"), Replies.Int64(ok, "offset"));
        bool? recovered = ok.TryGetProperty("recovered", out var r) ? r.ValueKind == JsonValueKind.True : null;
        return new HistoryResult(position, Replies.Publications(channel, ok), recovered);
    }

    /// <summary>Calls <paramref name="method"/> on the namespace's handler without an argument; returns its result (<see cref="JsonValueKind.Null"/> or undefined when none).</summary>
    /// <param name="method"><c>namespace:name</c>, or <c>name</c> for the <c>default</c> namespace.</param>
    /// <param name="cancellationToken">Cancels waiting for the reply.</param>
    public Task<JsonElement> RpcAsync(string method, CancellationToken cancellationToken = default) => RpcCoreAsync(method, null, cancellationToken);

    /// <summary>Calls <paramref name="method"/> with <paramref name="data"/> (any JSON); returns the handler's result. Unknown methods are 404.</summary>
    /// <param name="method"><c>namespace:name</c>, or <c>name</c> for the <c>default</c> namespace.</param>
    /// <param name="data">The argument.</param>
    /// <param name="cancellationToken">Cancels waiting for the reply.</param>
    public Task<JsonElement> RpcAsync(string method, JsonElement data, CancellationToken cancellationToken = default) => RpcCoreAsync(method, data, cancellationToken);

    /// <summary>Calls <paramref name="method"/> with <paramref name="data"/> serialized by <see cref="RealtimeClientOptions.JsonSerializerOptions"/>.</summary>
    /// <typeparam name="T">The argument's type.</typeparam>
    /// <param name="method">The method.</param>
    /// <param name="data">The argument.</param>
    /// <param name="cancellationToken">Cancels waiting for the reply.</param>
    public Task<JsonElement> RpcAsync<T>(string method, T data, CancellationToken cancellationToken = default) =>
        RpcCoreAsync(method, JsonSerializer.SerializeToElement(data, _options.JsonSerializerOptions), cancellationToken);

    /// <summary>Sends <c>refresh</c> with a new connection token; returns its expiry (null when it has none). Later reconnects use it.</summary>
    /// <param name="token">The new token, for the same user.</param>
    /// <param name="cancellationToken">Cancels waiting for the reply.</param>
    public async Task<DateTimeOffset?> RefreshAsync(string token, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        var ok = await CallAsync("refresh", w => w.WriteString("token"u8, token), cancellationToken);
        _token = token;
        var expires = Replies.Int64(ok, "expires");
        return expires > 0 ? DateTimeOffset.FromUnixTimeSeconds(expires) : null;
    }

    /// <summary>A round trip to the edge (<c>ping</c>).</summary>
    /// <param name="cancellationToken">Cancels waiting for the reply.</param>
    public Task PingAsync(CancellationToken cancellationToken = default) => CallAsync("ping", null, cancellationToken);

    /// <summary>Closes the connection, stops reconnecting and ends every subscription.</summary>
    public async ValueTask DisposeAsync()
    {
        Session? session;
        List<Subscription> subscriptions;
        lock (_gate)
        {
            if (_state == RealtimeClientState.Closed)
            {
                return;
            }

            _state = RealtimeClientState.Closed;
            session = _session;
            _session = null;
            _connected.TrySetException(new ObjectDisposedException(nameof(RealtimeClient)));
            subscriptions = [.. _subscriptions.Values];
            _subscriptions.Clear();
        }

        await _lifetime.CancelAsync();
        if (session?.Connection is { } connection)
        {
            await connection.DisposeAsync();
        }

        if (_reconnecting is { } reconnecting)
        {
            await reconnecting;
        }

        foreach (var subscription in subscriptions)
        {
            subscription.End(0, "the client was closed");
        }

        _ownHttp?.Dispose();
        _lifetime.Dispose();
    }

    internal async Task UnsubscribeAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        Session? session;
        lock (_gate)
        {
            if (!_subscriptions.TryGetValue(subscription.Channel, out var known) || !ReferenceEquals(known, subscription))
            {
                return;
            }

            _subscriptions.Remove(subscription.Channel);
            session = _state == RealtimeClientState.Connected ? _session : null;
        }

        try
        {
            if (session is not null && subscription.State == SubscriptionState.Subscribed)
            {
                await RequestAsync(session, "unsubscribe", w => w.WriteString("channel"u8, subscription.Channel), cancellationToken);
            }
        }
        catch (RealtimeException ex) when (ex.Code == 409)
        {
            // The server had already ended it.
        }
        finally
        {
            subscription.End(0, "unsubscribed by the app");
        }
    }

    private async Task<JsonElement> RpcCoreAsync(string method, JsonElement? data, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        var ok = await CallAsync(
            "rpc",
            w =>
            {
                w.WriteString("method"u8, method);
                if (data is { } value)
                {
                    w.WritePropertyName("data"u8);
                    value.WriteTo(w);
                }
            },
            cancellationToken);
        return ok.TryGetProperty("data", out var result) ? result : default;
    }

    internal void HandlerFailed(Exception error) => Log.HandlerFailed(_logger, error);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static void WriteSubscribe(Utf8JsonWriter w, Subscription subscription, StreamPosition? since, string? token)
    {
        w.WriteString("channel"u8, subscription.Channel);
        if (since is { } from)
        {
            RequestWriter.WriteSince(w, from);
        }

        if (token is not null)
        {
            w.WriteString("token"u8, token);
        }

        if (subscription.Options.Presence is { } presence)
        {
            w.WritePropertyName("presence"u8);
            presence.WriteTo(w);
        }
    }
}
