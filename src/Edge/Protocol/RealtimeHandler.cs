using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Realtime.Edge.Cluster;
using Realtime.Edge.SockJs;

namespace Realtime.Edge.Protocol;

/// <summary>
/// The client protocol on top of SockJS: one JSON request per message, answered with a reply of the
/// same id; pushes for channel messages. Requests of one connection are handled one at a time, in order.
/// </summary>
internal sealed partial class RealtimeHandler(
    LocalHub hub,
    ClusterAdapter cluster,
    ClientRegistry clients,
    EdgeIdentity edge,
    IOptions<RealtimeOptions> options,
    ILogger<RealtimeHandler> logger) : ISockJsHandler
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };
    private readonly RealtimeOptions _options = options.Value;

    public ValueTask OnOpenAsync(ISockJsConnection connection)
    {
        var session = new ClientSession(connection, Realtime.Grains.ClientIds.Create(edge.Tag, connection.Id));
        connection.Items = session;
        clients.Add(session);
        return ValueTask.CompletedTask;
    }

    public async ValueTask OnMessageAsync(ISockJsConnection connection, string message)
    {
        var session = (ClientSession)connection.Items!;
        long? id = null;
        try
        {
            using var document = JsonDocument.Parse(message, DocumentOptions);
            var request = ProtocolRequest.Parse(document, out id);
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
            connection.Send(Replies.Error(id, error.Code, error.Message));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var correlation = Guid.NewGuid().ToString("N")[..16];
            LogRequestFailed(logger, correlation, session.ClientId, ex);
            connection.Send(Replies.Error(id, ProtocolCodes.Internal, "internal error, correlation id " + correlation));
        }
    }

    public void OnClosed(ISockJsConnection connection)
    {
        if (connection.Items is not ClientSession session)
        {
            return;
        }

        clients.Remove(session);
        foreach (var channel in session.TakeChannels())
        {
            hub.Unsubscribe(channel, session);
        }
    }

    private Task<string> HandleAsync(ClientSession session, ProtocolRequest request)
    {
        if (request.Op == "connect")
        {
            return Task.FromResult(Connect(session, request));
        }

        if (!session.Connected)
        {
            throw new ProtocolError(ProtocolCodes.Unauthorized, "send connect first");
        }

        return request.Op switch
        {
            "subscribe" => SubscribeAsync(session, request),
            "unsubscribe" => Task.FromResult(Unsubscribe(session, request)),
            "publish" => PublishAsync(session, request),
            "ping" => Task.FromResult(Replies.Ok(request.Id)),
            _ => throw new ProtocolError(ProtocolCodes.BadRequest, $"unknown op \"{request.Op}\""),
        };
    }

    private string Connect(ClientSession session, ProtocolRequest request)
    {
        if (session.Connected)
        {
            throw new ProtocolError(ProtocolCodes.Conflict, "already connected");
        }

        // Anonymous until tokens arrive: every client is allowed, with an empty user.
        session.Connected = true;
        return Replies.Ok(request.Id, w =>
        {
            w.WriteString("client"u8, session.ClientId);
            w.WriteString("user"u8, session.User);
            w.WriteNumber("expires"u8, 0);
        });
    }

    private async Task<string> SubscribeAsync(ClientSession session, ProtocolRequest request)
    {
        var channel = request.RequiredString("channel");
        ChannelNames.Validate(channel, _options.MaxChannelNameLength);
        if (!session.TryAddChannel(channel))
        {
            throw new ProtocolError(ProtocolCodes.Conflict, $"already subscribed to \"{channel}\"");
        }

        try
        {
            // The reply is sent inside the hub's step that adds the subscriber, so it precedes every push.
            await hub.SubscribeAsync(channel, session, (epoch, offset) => session.Connection.Send(Replies.Ok(request.Id, w =>
            {
                w.WriteString("epoch"u8, epoch);
                w.WriteNumber("offset"u8, offset);
                w.WriteBoolean("recovered"u8, false);
                w.WriteStartArray("publications"u8);
                w.WriteEndArray();
            })));
        }
        catch
        {
            session.RemoveChannel(channel);
            throw;
        }

        if (!session.HasChannel(channel))
        {
            // The connection closed (or the subscription ended) while the channel was attaching: the
            // close already released its channels, so this one would otherwise stay in the hub for good.
            hub.Unsubscribe(channel, session);
        }

        return string.Empty;
    }

    private string Unsubscribe(ClientSession session, ProtocolRequest request)
    {
        var channel = request.RequiredString("channel");
        if (!session.RemoveChannel(channel))
        {
            throw new ProtocolError(ProtocolCodes.Conflict, $"not subscribed to \"{channel}\"");
        }

        hub.Unsubscribe(channel, session);
        return Replies.Ok(request.Id);
    }

    private async Task<string> PublishAsync(ClientSession session, ProtocolRequest request)
    {
        var channel = request.RequiredString("channel");
        ChannelNames.Validate(channel, _options.MaxChannelNameLength);
        if (!request.Root.TryGetProperty("data"u8, out var data))
        {
            throw new ProtocolError(ProtocolCodes.BadRequest, "\"data\" is required");
        }

        var json = data.GetRawText();
        if (Encoding.UTF8.GetByteCount(json) > _options.MaxDataBytes)
        {
            throw new ProtocolError(ProtocolCodes.TooLarge, $"\"data\" is over {_options.MaxDataBytes} bytes");
        }

        var position = await cluster.PublishAsync(channel, json, session.ClientId, session.User);
        return Replies.Ok(request.Id, w => w.WriteNumber("offset"u8, position.Offset));
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Error, Message = "Request failed (correlation {CorrelationId}) for client {ClientId}")]
    private static partial void LogRequestFailed(ILogger logger, string correlationId, string clientId, Exception exception);
}
