using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

// A silo on its own. Until the cluster core lands it hosts the (still empty) grain assembly with
// localhost clustering; ports and cluster id come from the Cluster section.
var builder = Host.CreateApplicationBuilder(args);
var cluster = builder.Configuration.GetSection("Cluster");
builder.UseOrleans(silo =>
{
    silo.UseLocalhostClustering(
        siloPort: cluster.GetValue("SiloPort", 11111),
        gatewayPort: cluster.GetValue("GatewayPort", 30000),
        serviceId: "realtime",
        clusterId: cluster.GetValue("ClusterId", "realtime-dev") ?? "realtime-dev");
});

await builder.Build().RunAsync();
