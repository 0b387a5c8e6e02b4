using System.Net;
using System.Text;
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
public sealed class RealtimeClient : IAsyncDisposable
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

    private async Task<Session> OpenSessionAsync(string? token, CancellationToken cancellationToken)
    {
        var session = new Session();
        session.Connection = await SockJsConnection.OpenAsync(_options.Url!, m => OnMessage(session, m), _sockJs, _logger, cancellationToken);
        _ = WatchAsync(session);
        try
        {
            await RequestAsync(
                session,
                "connect",
                w =>
                {
                    if (token is not null)
                    {
                        w.WriteString("token"u8, token);
                    }

                    if (_options.Name is { } name)
                    {
                        w.WriteString("name"u8, name);
                    }

                    if (_options.Version is { } version)
                    {
                        w.WriteString("version"u8, version);
                    }
                },
                cancellationToken,
                ok =>
                {
                    // Inline on the receive loop, so that pushes right behind the reply find the session established.
                    session.ClientId = Replies.String(ok, "client");
                    session.User = Replies.String(ok, "user");
                    lock (_gate)
                    {
                        if (_state is RealtimeClientState.Connecting or RealtimeClientState.Reconnecting)
                        {
                            Volatile.Write(ref _session, session);
                            _state = RealtimeClientState.Connected;
                            _connected.TrySetResult();
                        }
                    }
                });
        }
        catch
        {
            await session.Connection.DisposeAsync();
            throw;
        }

        if (!ReferenceEquals(Volatile.Read(ref _session), session))
        {
            await session.Connection.DisposeAsync();
            ObjectDisposedException.ThrowIf(State == RealtimeClientState.Closed, this);
            throw new RealtimeException(SockJsCloseStatus.ConnectionLost, "The connection closed right after connect was answered.");
        }

        return session;
    }

    private void OnConnected(Session session, bool reconnected)
    {
        Log.Connected(_logger, _options.Url!, session.Connection!.Transport.ToString(), session.ClientId);
        Raise(Connected, new ConnectedEventArgs(session.ClientId, session.User, session.Connection.Transport, reconnected));
        List<Subscription> resuming;
        lock (_gate)
        {
            resuming = [.. _subscriptions.Values.Where(s => s.State == SubscriptionState.Resubscribing)];
        }

        foreach (var subscription in resuming)
        {
            _ = ResubscribeAsync(session, subscription);
        }
    }

    private async Task ResubscribeAsync(Session session, Subscription subscription)
    {
        try
        {
            var since = subscription.ResumeFrom();
            var token = subscription.Options.TokenProvider is { } provider
                ? await provider(subscription.Channel, _lifetime.Token)
                : subscription.Options.Token;
            await RequestAsync(session, "subscribe", w => WriteSubscribe(w, subscription, since, token), _lifetime.Token, ok => subscription.Apply(ok, since));
        }
        catch (RealtimeException ex) when (ex.Code is >= 400 and < 1000)
        {
            Forget(subscription);
            subscription.End(ex.Code, ex.Message);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The connection went away again: the next reconnect tries once more.
            Log.ResubscribeFailed(_logger, subscription.Channel, ex);
        }
    }

    private void Forget(Subscription subscription)
    {
        lock (_gate)
        {
            if (_subscriptions.TryGetValue(subscription.Channel, out var known) && ReferenceEquals(known, subscription))
            {
                _subscriptions.Remove(subscription.Channel);
            }
        }
    }

    private async Task<JsonElement> CallAsync(string op, Action<Utf8JsonWriter>? fields, CancellationToken cancellationToken, Action<JsonElement>? onOk = null)
    {
        while (true)
        {
            Task signal;
            Session? ready = null;
            lock (_gate)
            {
                switch (_state)
                {
                    case RealtimeClientState.Connected when _session is { } session:
                        ready = session;
                        signal = Task.CompletedTask;
                        break;
                    case RealtimeClientState.Closed:
                        throw new ObjectDisposedException(nameof(RealtimeClient));
                    case RealtimeClientState.Disconnected:
                        throw new InvalidOperationException($"Not connected: call {nameof(ConnectAsync)} before {op}.");
                    default:
                        signal = _connected.Task;
                        break;
                }
            }

            if (ready is not null)
            {
                return await RequestAsync(ready, op, fields, cancellationToken, onOk);
            }

            try
            {
                await signal.WaitAsync(_options.RequestTimeout, _time, cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"Not connected within {_options.RequestTimeout.TotalSeconds:0.#} s for {op}.");
            }
        }
    }

    private async Task<JsonElement> RequestAsync(Session session, string op, Action<Utf8JsonWriter>? fields, CancellationToken cancellationToken, Action<JsonElement>? onOk = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var pending = new Pending(op, session, onOk);
        lock (_gate)
        {
            _pending[id] = pending;
        }

        try
        {
            await session.Connection!.SendAsync(RequestWriter.Write(id, op, fields), cancellationToken);
            return await pending.Reply.Task.WaitAsync(_options.RequestTimeout, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No reply to {op} #{id} within {_options.RequestTimeout.TotalSeconds:0.#} s.");
        }
        catch (SockJsException ex)
        {
            // The close, when it comes, says more; until then the send's own failure is the news.
            if (pending.Reply.Task.IsFaulted)
            {
                await pending.Reply.Task;
            }

            throw new RealtimeException(SockJsCloseStatus.ConnectionLost, $"Sending {op} failed: {ex.Message}", ex);
        }
        finally
        {
            lock (_gate)
            {
                _pending.Remove(id);
            }
        }
    }

    private void OnMessage(Session session, ReadOnlySpan<byte> message)
    {
        JsonElement root;
        try
        {
            var reader = new Utf8JsonReader(message);
            root = JsonElement.ParseValue(ref reader);
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("not an object");
            }
        }
        catch (JsonException ex)
        {
            const int Shown = 64;
            var text = Encoding.UTF8.GetString(message[..Math.Min(message.Length, Shown)]);
            ProtocolViolation(session, new RealtimeProtocolException($"The server sent a message that is not a JSON object: {JsonSerializer.Serialize(text)}{(message.Length > Shown ? "..." : string.Empty)}", ex));
            return;
        }

        if (root.TryGetProperty("id", out var idElement))
        {
            OnReply(idElement, root);
        }
        else if (root.TryGetProperty("push", out var push) && push.ValueKind == JsonValueKind.String)
        {
            OnPush(session, push.GetString()!, root);
        }
        else if (root.TryGetProperty("error", out var error))
        {
            Log.UnreadableRequest(_logger, error.GetRawText());
        }
    }

    private void OnReply(JsonElement idElement, JsonElement root)
    {
        Pending? pending = null;
        lock (_gate)
        {
            if (idElement.ValueKind == JsonValueKind.Number && idElement.TryGetInt64(out var id))
            {
                _pending.Remove(id, out pending);
            }
        }

        if (pending is null)
        {
            // A late reply to a request that timed out or was cancelled.
            return;
        }

        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            var code = (int)Replies.Int64(error, "code");
            var text = Replies.String(error, "message");
            pending.Reply.TrySetException(new RealtimeException(code, $"{pending.Op} failed: {code} {text}"));
            return;
        }

        if (!root.TryGetProperty("ok", out var ok))
        {
            pending.Reply.TrySetException(new RealtimeProtocolException($"The reply to {pending.Op} has neither ok nor error: {root.GetRawText()}"));
            return;
        }

        try
        {
            pending.OnOk?.Invoke(ok);
            pending.Reply.TrySetResult(ok);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            pending.Reply.TrySetException(ex);
        }
    }

    private void OnPush(Session session, string push, JsonElement root)
    {
        if (push == "disconnect")
        {
            session.Disconnect = ((int)Replies.Int64(root, "code"), Replies.String(root, "reason"), Replies.Bool(root, "reconnect"));
            return;
        }

        if (!ReferenceEquals(Volatile.Read(ref _session), session))
        {
            return;
        }

        var channel = Replies.String(root, "channel");
        Subscription? subscription = null;
        if (channel.Length > 0)
        {
            lock (_gate)
            {
                _subscriptions.TryGetValue(channel, out subscription);
            }
        }

        switch (push)
        {
            case "message":
                subscription?.Deliver(Replies.Publication(channel, root));
                break;
            case "join" or "leave" when subscription is not null && root.TryGetProperty("member", out var member):
                subscription.OnJoinOrLeave(push == "join", Replies.Member(member));
                break;
            case "unsubscribed" when subscription is not null:
                var code = (int)Replies.Int64(root, "code");
                if (code == 500)
                {
                    // Publications were lost on the way to the edge: subscribe again from the position to get them back.
                    subscription.MarkResubscribing();
                    _ = ResubscribeAsync(session, subscription);
                }
                else
                {
                    Forget(subscription);
                    subscription.End(code, Replies.String(root, "reason"));
                }

                break;
            case "refresh-required":
                _ = RefreshFromProviderAsync(session);
                break;
        }
    }

    private async Task RefreshFromProviderAsync(Session session)
    {
        if (_options.TokenProvider is not { } provider)
        {
            Log.RefreshWithoutProvider(_logger);
            return;
        }

        try
        {
            var token = await provider(_lifetime.Token);
            if (token is null)
            {
                return;
            }

            await RequestAsync(session, "refresh", w => w.WriteString("token"u8, token), _lifetime.Token);
            _token = token;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.RefreshFailed(_logger, ex);
        }
    }

    private void ProtocolViolation(Session session, RealtimeProtocolException error)
    {
        session.ProtocolError ??= error;
        _ = session.Connection?.DisposeAsync().AsTask();
    }

    private async Task WatchAsync(Session session)
    {
        var status = await session.Connection!.Closed;
        int code;
        string reason;
        bool serverAllowsReconnect;
        Exception? error = status.Error;
        if (session.ProtocolError is { } violation)
        {
            (code, reason, serverAllowsReconnect, error) = (SockJsCloseStatus.ProtocolError, violation.Message, false, violation);
        }
        else if (session.Disconnect is { } told)
        {
            (code, reason, serverAllowsReconnect) = told;
        }
        else
        {
            (code, reason) = (status.Code, status.Reason);
            serverAllowsReconnect = status.Error is not SockJsProtocolException && code is not (3001 or 3002 or 3004 or 3005);
        }

        List<Pending> orphans;
        bool wasCurrent;
        bool reconnect;
        lock (_gate)
        {
            orphans = [.. _pending.Values.Where(p => ReferenceEquals(p.Session, session))];
            wasCurrent = ReferenceEquals(_session, session);
            reconnect = wasCurrent && _options.Reconnect && serverAllowsReconnect && _state == RealtimeClientState.Connected;
            if (wasCurrent && _state == RealtimeClientState.Connected)
            {
                _session = null;
                _state = reconnect ? RealtimeClientState.Reconnecting : RealtimeClientState.Disconnected;
                var waiting = _connected;
                _connected = NewSignal();
                if (!reconnect)
                {
                    waiting.TrySetException(new RealtimeException(code, $"Disconnected: {code} {reason}", error));
                }

                foreach (var subscription in _subscriptions.Values)
                {
                    subscription.MarkResubscribing();
                }
            }
            else
            {
                wasCurrent = false;
            }
        }

        foreach (var pending in orphans)
        {
            pending.Reply.TrySetException(error as RealtimeProtocolException
                ?? new RealtimeException(code, $"The connection closed before the reply to {pending.Op}: {code} {reason}", error));
        }

        if (!wasCurrent)
        {
            return;
        }

        Log.Disconnected(_logger, code, reason, reconnect, error);
        Raise(Disconnected, new DisconnectedEventArgs(code, reason, reconnect, error));
        if (reconnect)
        {
            _reconnecting = ReconnectLoopAsync();
        }
    }

    private async Task ReconnectLoopAsync()
    {
        var attempt = 0;
        while (!_lifetime.IsCancellationRequested)
        {
            var delay = Backoff(attempt++);
            Log.ReconnectScheduled(_logger, attempt, delay);
            try
            {
                await Task.Delay(delay, _time, _lifetime.Token);
                var token = _options.TokenProvider is { } provider ? await provider(_lifetime.Token) : _token;
                _token = token;
                var session = await OpenSessionAsync(token, _lifetime.Token);
                OnConnected(session, reconnected: true);
                return;
            }
            catch (Exception) when (_lifetime.IsCancellationRequested)
            {
                return;
            }
            catch (RealtimeException ex) when (ex.Code is 3001 or 3002 or 3004 or 3005 || (ex.Code is 401 or 403 && _options.TokenProvider is null))
            {
                GiveUp(ex);
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.ReconnectFailed(_logger, attempt, ex);
            }
        }
    }

    private void GiveUp(RealtimeException error)
    {
        lock (_gate)
        {
            if (_state != RealtimeClientState.Reconnecting)
            {
                return;
            }

            _state = RealtimeClientState.Disconnected;
            var waiting = _connected;
            _connected = NewSignal();
            waiting.TrySetException(error);
        }

        Log.Disconnected(_logger, error.Code, error.Message, false, error);
        Raise(Disconnected, new DisconnectedEventArgs(error.Code, error.Message, false, error));
    }

    // Equal jitter: half the exponential delay is kept, half is random, so a crowd of clients spreads out without
    // any of them retrying at once.
    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(_options.ReconnectDelayMax.Ticks, _options.ReconnectDelayMin.Ticks * Math.Pow(2, Math.Min(attempt, 30)));
        return TimeSpan.FromTicks((long)((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2)));
    }

    private void Raise<T>(EventHandler<T>? handler, T args)
    {
        try
        {
            handler?.Invoke(this, args);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            HandlerFailed(ex);
        }
    }

    /// <summary>One SockJS session and what the protocol learnt on it.</summary>
    private sealed class Session
    {
        public SockJsConnection? Connection { get; set; }

        public string ClientId { get; set; } = string.Empty;

        public string User { get; set; } = string.Empty;

        public (int Code, string Reason, bool Reconnect)? Disconnect { get; set; }

        public RealtimeProtocolException? ProtocolError { get; set; }
    }

    /// <summary>A request waiting for its reply; <see cref="OnOk"/> runs on the receive loop before anything after the reply.</summary>
    private sealed class Pending(string op, Session session, Action<JsonElement>? onOk)
    {
        public string Op { get; } = op;

        public Session Session { get; } = session;

        public Action<JsonElement>? OnOk { get; } = onOk;

        public TaskCompletionSource<JsonElement> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
