using Realtime.Grains;
using Realtime.Grains.Hosting;

namespace Realtime.Edge.Cluster;

/// <summary>Picks the edge's <see cref="IChannelFeed"/> from <c>Channels:Delivery</c>.</summary>
internal static class ChannelFeedExtensions
{
    public static IServiceCollection AddRealtimeChannelFeed(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetChannelDeliveryMode() == ChannelDeliveryMode.Streams)
        {
            services.AddSingleton<IChannelFeed, StreamChannelFeed>();
        }
        else
        {
            services.AddSingleton<IChannelFeed>(ObserverChannelFeed.Instance);
        }

        return services;
    }
}
