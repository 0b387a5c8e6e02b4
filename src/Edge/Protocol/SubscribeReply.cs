using Realtime.Grains;

namespace Realtime.Edge.Protocol;

/// <summary>
/// Builds a <c>subscribe</c> reply at the position the edge's delivery stands at, inside the step that
/// adds the subscriber. A resuming client (<c>since</c>) gets the publications between its position and
/// the delivery's, from a history fetch made before; when the delivery has moved past what was fetched,
/// the reply declines and the caller fetches again. In a namespace with keyed state, a reply that does not
/// recover carries a snapshot read no earlier than the delivery's position (<see cref="Snapshot"/>), and a
/// recovered one the state changes it recovered.
/// </summary>
internal sealed class SubscribeReply(ClientSession session, long requestId, ChannelPosition? since, bool keepsState)
{
    private StatePage? _snapshot;
    private int _tries;
    private bool _snapshotAfterTry;
    private bool _snapshotWanted;
    private bool _historyWanted;

    /// <summary>What the channel's history held after <c>since</c>, fetched before subscribing.</summary>
    public HistoryResult? Fetched { get; set; }

    /// <summary>The first page of the channel's keyed state, read from the channel grain.</summary>
    public StatePage? Snapshot
    {
        get => _snapshot;
        set
        {
            _snapshot = value;
            _snapshotWanted = false;

            // Read after a try saw the delivery's epoch: a different epoch then means the delivery is the stale one.
            _snapshotAfterTry = _tries > 0;
        }
    }

    /// <summary>The caller must fetch <see cref="Fetched"/> (again) before the next try.</summary>
    public bool NeedsHistory => since is not null && (Fetched is null || _historyWanted);

    /// <summary>The caller must read <see cref="Snapshot"/> (again) before the next try.</summary>
    public bool NeedsSnapshot => keepsState && (_snapshotWanted || (Snapshot is null && (since is null || Fetched is { Recovered: false })));

    /// <summary>Why the last try declined: the delivery is behind what the reply needs (wait for it) rather than ahead of a fetch.</summary>
    public bool DeliveryBehind { get; private set; }

    /// <summary>
    /// Set when the last try found the delivery at another epoch than the channel grain answered after it: the
    /// channel restarted and the delivery does not know yet. The caller reconciles it so it is replaced.
    /// </summary>
    public ChannelPosition? StaleDelivery { get; private set; }

    /// <summary>The namespace handler's <c>data</c> for this subscriber (JSON), or null.</summary>
    public string? HandlerData { get; set; }

    /// <summary>Gives up on recovering: the next attempt replies <c>recovered:false</c> at whatever position.</summary>
    public bool GiveUp { get; set; }

    public bool TrySend(string epoch, long offset)
    {
        _tries++;
        DeliveryBehind = false;
        StaleDelivery = null;
        _historyWanted = false;
        if (since is not null && !GiveUp && since.Epoch == epoch && Fetched is { } fetched && fetched.Epoch == epoch && fetched.Recovered)
        {
            if (since.Offset > offset)
            {
                // The client saw more on another edge than this edge has delivered yet; replying here would
                // push it offsets it already has. Past the channel's own last offset it is not a real position.
                if (since.Offset <= fetched.Offset)
                {
                    DeliveryBehind = true;
                    return false;
                }
            }
            else
            {
                var top = fetched.Publications.Length > 0 ? fetched.Publications[^1].Offset : since.Offset;
                if (top < offset)
                {
                    _historyWanted = true;
                    return false;
                }

                return Send(epoch, offset, recovered: true, fetched.Publications.Where(p => p.Offset > since.Offset && p.Offset <= offset), null);
            }
        }

        var recovered = since is not null && since.Epoch == epoch && since.Offset == offset;
        if (!keepsState || recovered)
        {
            return Send(epoch, offset, recovered, [], null);
        }

        return TrySendSnapshot(epoch, offset);
    }

    private bool TrySendSnapshot(string epoch, long offset)
    {
        var snapshot = Snapshot;
        if (snapshot is null || snapshot.Epoch != epoch || snapshot.Offset < offset)
        {
            // Missing, or older than what the delivery already pushed to others: changes would be lost between them.
            if (snapshot is not null && snapshot.Epoch != epoch && _snapshotAfterTry)
            {
                StaleDelivery = new ChannelPosition(snapshot.Epoch, snapshot.Offset);
            }

            _snapshotWanted = true;
            return false;
        }

        if (snapshot.Offset > offset && !GiveUp)
        {
            // Changes the snapshot already holds are still on their way to this edge: wait for them, so the
            // snapshot is exactly at the reply's offset. Giving up, the client skips pushes its snapshot reflects.
            DeliveryBehind = true;
            return false;
        }

        return Send(epoch, offset, recovered: false, [], snapshot);
    }

    private bool Send(string epoch, long offset, bool recovered, IEnumerable<ChannelPublication> publications, StatePage? snapshot)
    {
        session.Connection.Send(Replies.Ok(requestId, w =>
        {
            w.WriteString("epoch"u8, epoch);
            w.WriteNumber("offset"u8, offset);
            w.WriteBoolean("recovered"u8, recovered);
            Replies.WritePublications(w, publications);
            if (snapshot is not null)
            {
                Replies.WriteState(w, "state"u8, snapshot.Entries);
                if (snapshot.Next is not null)
                {
                    w.WriteString("stateNext"u8, snapshot.Next);
                }
            }
            else if (keepsState)
            {
                Replies.WriteStateChanges(w, publications);
            }

            if (HandlerData is not null)
            {
                w.WritePropertyName("data"u8);
                w.WriteRawValue(HandlerData, skipInputValidation: true);
            }
        }));
        return true;
    }
}
