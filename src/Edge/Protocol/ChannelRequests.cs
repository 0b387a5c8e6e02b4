using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Realtime.Edge.Auth;
using Realtime.Edge.Channels;
using Realtime.Edge.Cluster;
using Realtime.Grains;

namespace Realtime.Edge.Protocol;

/// <summary>
/// The channel ops <c>subscribe</c>, <c>unsubscribe</c> and <c>publish</c>. Each checks, in this order:
/// the request's shape (400), the channel's namespace (404), permission (403), size (413), rate (429).
/// </summary>
internal sealed class ChannelRequests(
    LocalHub hub,
    ClusterAdapter cluster,
    ChannelNamespaces namespaces,
    TokenValidator tokens,
    Hooks.PublishProxy publishProxy,
    Handlers.ChannelHandlers handlers,
    IOptions<RealtimeOptions> realtimeOptions,
    IOptions<LimitsOptions> limitsOptions,
    TimeProvider time)
{
    // A resuming subscribe refetches while the channel moves faster than the fetch; then it stops recovering.
    private const int MaxRecoveryAttempts = 10;

    private readonly RealtimeOptions _options = realtimeOptions.Value;
    private readonly LimitsOptions _limits = limitsOptions.Value;

    public async Task<string> SubscribeAsync(ClientSession session, ProtocolRequest request)
    {
        var channel = request.RequiredString("channel");
        var since = HistoryFields.Since(request);
        var ns = Namespace(channel);
        var subscription = ns.Private ? await PrivateGrantsAsync(session, request, channel) : null;
        var grants = subscription?.Ops ?? ChannelOps.None;
        ChannelAccess.Require(session, ns, channel, grants, ChannelOps.Subscribe, "subscribe to");

        // Before the handler runs, so a refused subscribe costs nothing; a repeated one still gets its 409 below.
        if (_limits.MaxChannelsPerConnection > 0 && !session.HasChannel(channel) && session.ChannelCount >= _limits.MaxChannelsPerConnection)
        {
            throw new ProtocolError(ProtocolCodes.Forbidden, $"too many channels: a connection may subscribe to {_limits.MaxChannelsPerConnection}");
        }

        var presenceData = PresenceRequests.Data(request, "presence"u8, ns, _options);
        var handlerData = ns.Handler is null ? null : await handlers.SubscribeAsync(ns, channel, session, presenceData);

        if (!session.TryAddChannel(channel, grants))
        {
            throw new ProtocolError(ProtocolCodes.Conflict, $"already subscribed to \"{channel}\"");
        }

        try
        {
            if (ns.MaxSubscribers > 0 && !await cluster.TryAddSubscriberAsync(channel, session.ClientId, ns.MaxSubscribers))
            {
                throw new ProtocolError(ProtocolCodes.Forbidden, $"\"{channel}\" has its maximum of {ns.MaxSubscribers} subscribers");
            }

            session.SubscriptionEndedHandler ??= OnSubscriptionEnded;

            // The reply is sent inside the hub's step that adds the subscriber, so it precedes every push.
            var reply = new SubscribeReply(session, request.Id, since, ns.KeepsValue) { HandlerData = handlerData };
            for (var attempt = 0; ; attempt++)
            {
                if (reply.NeedsHistory)
                {
                    reply.Fetched = await cluster.GetHistoryAsync(channel, new HistoryQuery(since, Math.Max(ns.HistorySize, 1), ns.History ?? HistoryPolicy.None));
                }

                if (reply.NeedsSnapshot)
                {
                    reply.Snapshot = await cluster.GetStateAsync(channel, null, _options.StatePageSize, _options.StatePageBytes);
                }

                reply.GiveUp = attempt >= MaxRecoveryAttempts;
                if (await hub.TrySubscribeAsync(channel, session, reply.TrySend))
                {
                    break;
                }

                if (reply.StaleDelivery is { } current)
                {
                    // The channel restarted and this edge's delivery has not noticed: end it now, the next try attaches afresh.
                    hub.Reconcile(channel, current);
                }

                if (attempt >= 2 * MaxRecoveryAttempts)
                {
                    // Only a snapshot can still be missing here: the state changed faster than it could be read.
                    throw new ProtocolError(ProtocolCodes.Internal, $"the state of \"{channel}\" changed faster than a snapshot could be taken; subscribe again");
                }

                if (reply.DeliveryBehind)
                {
                    await Task.Delay(_options.GapWait, time);
                }
            }
        }
        catch
        {
            Release(session, channel, ns);
            throw;
        }

        if (!session.HasChannel(channel))
        {
            // The connection closed (or the subscription ended) while the channel was attaching: the
            // close already released its channels, so this one would otherwise stay in the hub for good.
            hub.Unsubscribe(channel, session);
            LeaveCluster(session, channel, ns);
        }
        else if (ns.Presence)
        {
            // Joined once subscribed, so the edge is attached and the member sees its own join.
            var member = new PresenceMember(session.ClientId, session.User, subscription?.Info ?? session.Claims.Info, presenceData, cluster.EdgeId);
            try
            {
                await cluster.JoinAsync(channel, member, ns.JoinLeave);
                if (ns.Handler is not null)
                {
                    handlers.Joined(ns, channel, session, presenceData);
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The reply is out already: end the subscription rather than keep a member nobody sees.
                if (session.RemoveChannel(channel))
                {
                    hub.Unsubscribe(channel, session);
                    LeaveCluster(session, channel, ns);
                    session.Connection.Send(Pushes.Unsubscribed(channel, ProtocolCodes.Internal, "joining the channel's presence failed; subscribe again"));
                }
            }
        }

        return string.Empty;
    }

    public string Unsubscribe(ClientSession session, ProtocolRequest request)
    {
        var channel = request.RequiredString("channel");
        if (!session.RemoveChannel(channel))
        {
            throw new ProtocolError(ProtocolCodes.Conflict, $"not subscribed to \"{channel}\"");
        }

        hub.Unsubscribe(channel, session);
        LeaveCluster(session, channel, namespaces.Find(channel));
        return Replies.Ok(request.Id);
    }

    /// <summary>Releases what the closed connection's subscriptions held.</summary>
    public void OnClosed(ClientSession session)
    {
        foreach (var channel in session.TakeChannels())
        {
            hub.Unsubscribe(channel, session);
            LeaveCluster(session, channel, namespaces.Find(channel));
        }
    }

    /// <summary>After a refresh: ends, with an <c>unsubscribed</c> push (403), the subscriptions the new grants no longer allow.</summary>
    public void EndWhatIsNoLongerAllowed(ClientSession session)
    {
        foreach (var (channel, grants) in session.Channels())
        {
            var ns = namespaces.Find(channel);
            if (ns is not null && ChannelAccess.Allows(session, ns, channel, grants, ChannelOps.Subscribe))
            {
                continue;
            }

            End(session, channel, ProtocolCodes.Forbidden, "the refreshed token no longer allows this channel");
        }
    }

    /// <summary>
    /// Ends a subscription from the server side: the <c>unsubscribed</c> push follows the last publication
    /// the connection gets from the channel. False when the connection does not hold the subscription.
    /// </summary>
    public bool End(ClientSession session, string channel, int code, string reason)
    {
        if (!session.RemoveChannel(channel))
        {
            return false;
        }

        hub.Unsubscribe(channel, session);
        LeaveCluster(session, channel, namespaces.Find(channel));
        session.Connection.Send(Pushes.Unsubscribed(channel, code, reason));
        return true;
    }

    public async Task<string> PublishAsync(ClientSession session, ProtocolRequest request)
    {
        var channel = request.RequiredString("channel");
        if (!request.Root.TryGetProperty("data"u8, out var data))
        {
            throw new ProtocolError(ProtocolCodes.BadRequest, "\"data\" is required");
        }

        var ns = Namespace(channel);
        ChannelAccess.Require(session, ns, channel, session.GrantsOf(channel), ChannelOps.Publish, "publish to");

        var json = data.GetRawText();
        var limit = ns.MaxMessageBytes > 0 ? ns.MaxMessageBytes : _options.MaxDataBytes;
        if (Encoding.UTF8.GetByteCount(json) > limit)
        {
            throw new ProtocolError(ProtocolCodes.TooLarge, $"\"data\" is over {limit} bytes");
        }

        if (!session.TryTakePublish(_limits, time))
        {
            throw new ProtocolError(ProtocolCodes.RateLimited, $"over {_limits.PublishRate} publishes per second");
        }

        if (ns.Handler is not null)
        {
            json = await handlers.PublishAsync(ns, channel, session, json);
            if (Encoding.UTF8.GetByteCount(json) > limit)
            {
                throw new ProtocolError(ProtocolCodes.TooLarge, $"the channel handler's \"data\" is over {limit} bytes");
            }
        }

        if (ns.PublishProxy is not null)
        {
            json = await publishProxy.ApproveAsync(ns, channel, json, session);
            if (Encoding.UTF8.GetByteCount(json) > limit)
            {
                throw new ProtocolError(ProtocolCodes.TooLarge, $"the publish proxy's \"data\" is over {limit} bytes");
            }
        }

        var position = await cluster.PublishAsync(channel, json, session.ClientId, session.User, ns.History, ns.PublishWebhook);
        return Replies.Ok(request.Id, w => w.WriteNumber("offset"u8, position.Offset));
    }

    public async Task<string> HistoryAsync(ClientSession session, ProtocolRequest request)
    {
        var channel = request.RequiredString("channel");
        var since = HistoryFields.Since(request);
        var limit = HistoryFields.Limit(request, _options.MaxHistoryLimit);
        var ns = Namespace(channel);
        ChannelAccess.Require(session, ns, channel, session.GrantsOf(channel), ChannelOps.History, "read the history of");

        var history = await cluster.GetHistoryAsync(channel, new HistoryQuery(since, limit, ns.History ?? HistoryPolicy.None, MessagesOnly: true));
        return Replies.Ok(request.Id, w =>
        {
            w.WriteString("epoch"u8, history.Epoch);
            w.WriteNumber("offset"u8, history.Offset);
            if (since is not null)
            {
                w.WriteBoolean("recovered"u8, history.Recovered);
            }

            Replies.WritePublications(w, history.Publications);
        });
    }

    private NamespaceOptions Namespace(string channel) => ChannelAccess.DataNamespace(namespaces, channel, _options.MaxChannelNameLength);

    private async Task<SubscriptionClaims> PrivateGrantsAsync(ClientSession session, ProtocolRequest request, string channel)
    {
        if (session.Claims.IsAnonymous)
        {
            throw new ProtocolError(ProtocolCodes.Forbidden, $"\"{channel}\" is private: connect with a token first");
        }

        if (!request.Root.TryGetProperty("token"u8, out var token) || token.ValueKind != JsonValueKind.String)
        {
            throw new ProtocolError(ProtocolCodes.Forbidden, $"\"{channel}\" is private: a subscription token is required");
        }

        try
        {
            return await tokens.ValidateSubscriptionAsync(token.GetString()!, session.User, channel);
        }
        catch (TokenRejectedException ex)
        {
            throw new ProtocolError(ProtocolCodes.Forbidden, ex.Message);
        }
    }

    private void Release(ClientSession session, string channel, NamespaceOptions ns)
    {
        if (session.RemoveChannel(channel))
        {
            LeaveCluster(session, channel, ns);
        }
    }

    // What a subscription holds beyond this edge: its place in the channel's subscriber limit and presence.
    private void LeaveCluster(ClientSession session, string channel, NamespaceOptions? ns)
    {
        if (ns is { MaxSubscribers: > 0 })
        {
            cluster.RemoveSubscriberAsync(channel, session.ClientId).Forget();
        }

        if (ns is { Presence: true })
        {
            // A lost leave is cleaned up by the channel: members of an edge that is no longer attached leave.
            cluster.LeaveAsync(channel, session.ClientId, ns.JoinLeave).Forget();
            if (ns.Handler is not null)
            {
                handlers.Left(ns, channel, session);
            }
        }
    }

    /// <summary>A subscription the edge ended (lost publications): release it in the cluster too.</summary>
    private void OnSubscriptionEnded(ClientSession session, string channel) => LeaveCluster(session, channel, namespaces.Find(channel));
}
