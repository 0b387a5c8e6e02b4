using System.Text;
using System.Text.Json;
using Realtime.Client.Protocol;
using Realtime.Client.SockJs;

namespace Realtime.Client;

/// <summary>Requests matched to replies by id, and what the receive loop does with each message.</summary>
public sealed partial class RealtimeClient
{
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

    /// <summary>A request waiting for its reply; <see cref="OnOk"/> runs on the receive loop before anything after the reply.</summary>
    private sealed class Pending(string op, Session session, Action<JsonElement>? onOk)
    {
        public string Op { get; } = op;

        public Session Session { get; } = session;

        public Action<JsonElement>? OnOk { get; } = onOk;

        public TaskCompletionSource<JsonElement> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
