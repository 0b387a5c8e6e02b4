using System.Text.Json;
using Realtime.Edge.Cluster;
using Realtime.Edge.SockJs;

namespace Realtime.Edge.Protocol;

/// <summary>
/// The client protocol on top of SockJS: one JSON request per message, answered with a reply of the
/// same id; pushes for channel messages. Requests of one connection are handled one at a time, in order.
/// </summary>
internal sealed partial class RealtimeHandler(
    Authenticator authenticator,
    ChannelRequests channels,
    PresenceRequests presence,
    StateRequests state,
    RpcRequests rpc,
    ClientRegistry clients,
    EdgeIdentity edge,
    ILogger<RealtimeHandler> logger,
    Observability.EdgeMetrics? metrics = null,
    EdgeDrain? drain = null) : ISockJsHandler, ISockJsRequestPrincipal
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    public ValueTask OnOpenAsync(ISockJsConnection connection)
    {
        var session = new ClientSession(connection, Realtime.Grains.ClientIds.Create(edge.Tag, connection.Id));
        connection.Items = session;
        if (drain is { Draining: true })
        {
            // Stopping: this edge is no place to reconnect to.
            connection.Send(Pushes.Disconnect(ProtocolCodes.Shutdown, "Go away!", reconnect: true));
            connection.Close(ProtocolCodes.Shutdown, "Go away!");
            return ValueTask.CompletedTask;
        }

        clients.Add(session);
        authenticator.OnOpened(session);
        return ValueTask.CompletedTask;
    }

    public async ValueTask OnMessageAsync(ISockJsConnection connection, string message)
    {
        var session = (ClientSession)connection.Items!;
        long? id = null;
        string? op = null;
        try
        {
            using var document = JsonDocument.Parse(message, DocumentOptions);
            var request = ProtocolRequest.Parse(document, out id);
            op = request.Op;
            metrics?.Request(op);
            var reply = await HandleAsync(session, request);
            if (reply.Length > 0)
            {
                connection.Send(reply);
            }
        }
        catch (JsonException)
        {
            connection.Send(Replies.Error(null, ProtocolCodes.BadRequest, "not a JSON request"));
        }
        catch (ProtocolError error)
        {
            metrics?.Error(op, error.Code);
            connection.Send(Replies.Error(id, error.Code, error.Message, error.Details));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var correlation = Guid.NewGuid().ToString("N")[..16];
            LogRequestFailed(logger, correlation, session.ClientId, ex);
            connection.Send(Replies.Error(id, ProtocolCodes.Internal, "internal error, correlation id " + correlation));
        }
    }

    public ValueTask<string?> PrincipalOfAsync(HttpContext context) => authenticator.PrincipalOfAsync(context);

    public void OnClosed(ISockJsConnection connection)
    {
        if (connection.Items is not ClientSession session)
        {
            return;
        }

        clients.Remove(session);
        channels.OnClosed(session);
        authenticator.OnClosed(session);
    }

    private Task<string> HandleAsync(ClientSession session, ProtocolRequest request)
    {
        if (request.Op == "connect")
        {
            return authenticator.ConnectAsync(session, request);
        }

        if (!session.Connected)
        {
            throw new ProtocolError(ProtocolCodes.Unauthorized, "send connect first");
        }

        return request.Op switch
        {
            "subscribe" => channels.SubscribeAsync(session, request),
            "unsubscribe" => Task.FromResult(channels.Unsubscribe(session, request)),
            "publish" => channels.PublishAsync(session, request),
            "history" => channels.HistoryAsync(session, request),
            "presence" => presence.PresenceAsync(session, request),
            "update-presence" => presence.UpdateAsync(session, request),
            "set" => state.WriteAsync(session, request, Realtime.Grains.StateWriteKind.Set),
            "patch" => state.WriteAsync(session, request, Realtime.Grains.StateWriteKind.Patch),
            "delete" => state.WriteAsync(session, request, Realtime.Grains.StateWriteKind.Delete),
            "state" => state.ReadAsync(session, request),
            "rpc" => rpc.RpcAsync(session, request),
            "refresh" => authenticator.RefreshAsync(session, request),
            "ping" => Task.FromResult(Replies.Ok(request.Id)),
            _ => throw new ProtocolError(ProtocolCodes.BadRequest, $"unknown op \"{request.Op}\""),
        };
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Error, Message = "Request failed (correlation {CorrelationId}) for client {ClientId}")]
    private static partial void LogRequestFailed(ILogger logger, string correlationId, string clientId, Exception exception);
}
