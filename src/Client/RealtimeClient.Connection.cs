using Realtime.Client.Protocol;
using Realtime.Client.SockJs;

namespace Realtime.Client;

/// <summary>The connection's life: opening a session, resubscribing, watching it, and reconnecting with backoff.</summary>
public sealed partial class RealtimeClient
{
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
}
