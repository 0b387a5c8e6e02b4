using Microsoft.Extensions.Hosting;
using Realtime.Grains.Hosting;

// A silo on its own: membership and ports from the Cluster section (see the README).
var builder = Host.CreateApplicationBuilder(args);
var cluster = builder.Configuration.GetRealtimeClusterOptions();
builder.UseOrleans(silo => silo.AddRealtimeSilo(cluster, builder.Configuration));
await builder.Build().RunAsync();
