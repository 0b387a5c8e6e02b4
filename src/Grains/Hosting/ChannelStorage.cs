using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Realtime.Grains.Hosting;

/// <summary>The grain storage durable channels write to, registered from <see cref="RealtimeClusterOptions.Persistence"/>.</summary>
public static class ChannelStorage
{
    /// <summary>Name of the grain storage provider durable channels use.</summary>
    public const string Name = "channels";

    /// <summary>
    /// Adds the storage <see cref="Name"/> that <paramref name="cluster"/> asks for; with
    /// <see cref="ChannelPersistence.None"/> nothing is added and no channel can be durable.
    /// </summary>
    public static ISiloBuilder AddRealtimeChannelStorage(this ISiloBuilder silo, RealtimeClusterOptions cluster)
    {
        switch (cluster.Persistence)
        {
            case ChannelPersistence.Memory:
                silo.AddMemoryGrainStorage(Name);
                break;
            case ChannelPersistence.Redis:
                silo.AddRedisGrainStorage(Name, o => o.ConfigurationOptions = ConfigurationOptions.Parse(cluster.RedisConnection!));
                break;
        }

        return silo;
    }
}
