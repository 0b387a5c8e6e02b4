using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Realtime.Grains.Hosting;
using Realtime.Silo;

// A silo on its own: membership and ports from the Cluster section (see the README). With `urls` set it also
// serves /health/live and /health/ready there, for container and Kubernetes probes; without, no HTTP port.
// Content root: the silo's own folder, never the working directory, whose appsettings.json may be another
// program's (an edge's `Urls` would give the silo an HTTP port it was not asked for).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
var cluster = builder.Configuration.GetRealtimeClusterOptions();
builder.UseOrleans(silo => silo.AddRealtimeSilo(cluster, builder.Configuration));
builder.Services.AddHealthChecks().AddCheck<SiloReadinessCheck>("silo", tags: ["ready"]);
if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
{
    builder.Services.AddSingleton<IServer, NoHttpServer>();
}

var app = builder.Build();
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
await app.RunAsync();
