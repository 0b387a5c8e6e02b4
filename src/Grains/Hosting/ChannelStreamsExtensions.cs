using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Realtime.Grains.Hosting;

/// <summary>
/// Adds the memory stream provider channels deliver through when <c>Channels:Delivery</c> is <c>Streams</c>;
/// with <c>Observers</c> (the default) nothing is added, so silos run no pulling agents.
/// </summary>
public static class ChannelStreamsExtensions
{
    /// <summary>The <c>Channels:Delivery</c> setting.</summary>
    public static ChannelDeliveryMode GetChannelDeliveryMode(this IConfiguration configuration) =>
        configuration.GetSection(ChannelOptions.SectionName).GetValue(nameof(ChannelOptions.Delivery), ChannelDeliveryMode.Observers);

    /// <summary>
    /// Silo side: the memory streams provider <see cref="ChannelStreams.ProviderName"/> and the memory
    /// grain storage its pub-sub keeps subscriptions in. The pulling agents are tunable under
    /// <c>Channels:StreamPullingAgent</c> (Orleans' <c>StreamPullingAgentOptions</c>, e.g. <c>GetQueueMsgsTimerPeriod</c>).
    /// </summary>
    public static ISiloBuilder AddRealtimeChannelStreams(this ISiloBuilder silo, IConfiguration configuration)
    {
        if (configuration.GetChannelDeliveryMode() != ChannelDeliveryMode.Streams)
        {
            return silo;
        }

        silo.AddMemoryStreams(ChannelStreams.ProviderName, streams =>
            streams.ConfigurePullingAgent(agent => agent.Bind(configuration.GetSection(ChannelOptions.SectionName + ":StreamPullingAgent"))));
        silo.AddMemoryGrainStorage(ChannelStreams.PubSubStorageName);
        return silo;
    }

    /// <summary>Client side (edges in <c>Client</c> mode): the same provider, so edges can subscribe.</summary>
    public static IClientBuilder AddRealtimeChannelStreams(this IClientBuilder client, IConfiguration? configuration)
    {
        if (configuration is not null && configuration.GetChannelDeliveryMode() == ChannelDeliveryMode.Streams)
        {
            client.AddMemoryStreams(ChannelStreams.ProviderName);
        }

        return client;
    }
}
