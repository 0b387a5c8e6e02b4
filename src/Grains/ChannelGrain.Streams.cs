using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Realtime.Grains;

/// <summary>The publication push path of <see cref="ChannelDeliveryMode.Streams"/>.</summary>
public sealed partial class ChannelGrain
{
    private IAsyncStream<ChannelPublication>? _stream;

    /// <summary>
    /// Publishes to the channel's stream instead of calling each edge's observer. Awaited, as a stream
    /// producer should: the grain is not reentrant, so publications enter the stream in offset order.
    /// A failure is logged and not returned to the publisher: the publication is in the recent buffer
    /// and edges fetch it by offset when they see the gap (or at their next renewal), as with observers.
    /// </summary>
    private async Task PublishToStreamAsync(ChannelPublication publication)
    {
        _stream ??= this.GetStreamProvider(ChannelStreams.ProviderName).GetStream<ChannelPublication>(ChannelStreams.Id(publication.Channel));
        try
        {
            await _stream.OnNextAsync(publication);
        }
        catch (Exception ex)
        {
            LogStreamPublishFailed(_logger, publication.Channel, publication.Offset, ex);
        }
    }

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "Channel {Channel}: publishing offset {Offset} to its stream failed")]
    private static partial void LogStreamPublishFailed(ILogger logger, string channel, long offset, Exception exception);
}
