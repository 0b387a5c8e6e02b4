namespace Realtime.Edge.Cluster;

/// <summary>Source-generated log messages of the edge's cluster side (hub, deliveries, renewals).</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "Renewing channel {Channel} failed; the next round retries")]
    public static partial void RenewFailed(ILogger logger, string channel, Exception exception);

    [LoggerMessage(EventId = 401, Level = LogLevel.Warning, Message = "Registering edge {EdgeId} failed; the next round retries")]
    public static partial void RegisterFailed(ILogger logger, string edgeId, Exception exception);

    [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "Channel {Channel}: fetching offsets {From}-{To} failed; retried")]
    public static partial void FetchFailed(ILogger logger, string channel, long from, long to, Exception exception);

    [LoggerMessage(EventId = 403, Level = LogLevel.Debug, Message = "Channel {Channel}: fetching offsets {From}-{To} ({Reason})")]
    public static partial void Fetching(ILogger logger, string channel, long from, long to, string reason);

    [LoggerMessage(EventId = 404, Level = LogLevel.Information, Message = "Channel {Channel}: epoch changed from {OldEpoch} to {NewEpoch} ({Source}); ending {Subscribers} local subscriptions")]
    public static partial void EpochChanged(ILogger logger, string channel, string oldEpoch, string newEpoch, string source, int subscribers);

    [LoggerMessage(EventId = 405, Level = LogLevel.Information, Message = "Channel {Channel}: delivery lost at offset {Next} ({Reason}); ending {Subscribers} local subscriptions")]
    public static partial void DeliveryLost(ILogger logger, string channel, long next, string reason, int subscribers);

    [LoggerMessage(EventId = 406, Level = LogLevel.Debug, Message = "Channel {Channel}: attached at epoch {Epoch} offset {Offset}")]
    public static partial void Attached(ILogger logger, string channel, string epoch, long offset);

    [LoggerMessage(EventId = 407, Level = LogLevel.Information, Message = "Edge {EdgeId}: observer reference (re)created: {Observer}")]
    public static partial void ObserverRegistered(ILogger logger, string edgeId, string observer);

    [LoggerMessage(EventId = 408, Level = LogLevel.Debug, Message = "Renewal round: {Channels} channels renewed, {Failed} failed, in {ElapsedMs} ms")]
    public static partial void RenewRound(ILogger logger, int channels, int failed, long elapsedMs);

    [LoggerMessage(EventId = 409, Level = LogLevel.Information, Message = "Channel {Channel}: renewal found the channel at epoch {Epoch} offset {Offset}, delivery is at {Next}")]
    public static partial void Behind(ILogger logger, string channel, string epoch, long offset, long next);
}
