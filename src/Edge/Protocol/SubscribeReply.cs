using Realtime.Grains;

namespace Realtime.Edge.Protocol;

/// <summary>
/// Builds a <c>subscribe</c> reply at the position the edge's delivery stands at, inside the step that
/// adds the subscriber. A resuming client (<c>since</c>) gets the publications between its position and
/// the delivery's, from a history fetch made before; when the delivery has moved past what was fetched,
/// the reply declines and the caller fetches again.
/// </summary>
internal sealed class SubscribeReply(ClientSession session, long requestId, ChannelPosition? since)
{
    /// <summary>What the channel's history held after <c>since</c>, fetched before subscribing.</summary>
    public HistoryResult? Fetched { get; set; }

    /// <summary>Why the last attempt declined: the delivery is behind the client's position (wait) rather than ahead of the fetch.</summary>
    public bool DeliveryBehind { get; private set; }

    /// <summary>The namespace handler's <c>data</c> for this subscriber (JSON), or null.</summary>
    public string? HandlerData { get; set; }

    /// <summary>Gives up on recovering: the next attempt replies <c>recovered:false</c> at whatever position.</summary>
    public bool GiveUp { get; set; }

    public bool TrySend(string epoch, long offset)
    {
        DeliveryBehind = false;
        if (since is null)
        {
            return Send(epoch, offset, recovered: false, []);
        }

        if (GiveUp || since.Epoch != epoch || Fetched is not { } fetched || fetched.Epoch != epoch || !fetched.Recovered)
        {
            return Send(epoch, offset, recovered: since.Epoch == epoch && since.Offset == offset, []);
        }

        if (since.Offset > offset)
        {
            // The client saw more on another edge than this edge has delivered yet; replying here would
            // push it offsets it already has. Past the channel's own last offset it is not a real position.
            if (since.Offset > fetched.Offset)
            {
                return Send(epoch, offset, recovered: false, []);
            }

            DeliveryBehind = true;
            return false;
        }

        var top = fetched.Publications.Length > 0 ? fetched.Publications[^1].Offset : since.Offset;
        if (top < offset)
        {
            return false;
        }

        return Send(epoch, offset, recovered: true, fetched.Publications.Where(p => p.Offset > since.Offset && p.Offset <= offset));
    }

    private bool Send(string epoch, long offset, bool recovered, IEnumerable<ChannelPublication> publications)
    {
        session.Connection.Send(Replies.Ok(requestId, w =>
        {
            w.WriteString("epoch"u8, epoch);
            w.WriteNumber("offset"u8, offset);
            w.WriteBoolean("recovered"u8, recovered);
            Replies.WritePublications(w, publications);
            if (HandlerData is not null)
            {
                w.WritePropertyName("data"u8);
                w.WriteRawValue(HandlerData, skipInputValidation: true);
            }
        }));
        return true;
    }
}
