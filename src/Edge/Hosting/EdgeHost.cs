using Microsoft.Extensions.Options;
using Realtime.Edge.Api;
using Realtime.Edge.Cluster;
using Realtime.Edge.Demo;
using Realtime.Edge.Observability;
using Realtime.Edge.SockJs;
using Realtime.Grains.Hosting;

namespace Realtime.Edge.Hosting;

/// <summary>Builds the edge application; <c>Program</c> and the integration tests both start it here.</summary>
public static class EdgeHost
{
    /// <summary>Creates the edge with its services and endpoints mapped, ready to run.</summary>
    /// <param name="args">Command-line arguments (configuration overrides such as <c>--urls</c>).</param>
    /// <param name="configure">Optional hook for tests to adjust the builder before it is built.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var fastPath = builder.Configuration.GetValue($"{EdgeOptions.SectionName}:{nameof(EdgeOptions.WebSocketFastPath)}", true);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            KestrelLimits.Apply(k.Limits, builder.Configuration);
            if (fastPath)
            {
                k.ConfigureEndpointDefaults(listen => listen.UseSockJsWebSocketFastPath());
            }
        });
        // Socket transport knobs (IOQueueCount, UnsafePreferInlineScheduling, ...) under Edge:Sockets.
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets.SocketTransportOptions>(
            builder.Configuration.GetSection(EdgeOptions.SectionName + ":Sockets"));
        builder.Services.AddOptions<EdgeOptions>()
            .Bind(builder.Configuration.GetSection(EdgeOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EdgeOptions>, EdgeOptionsValidator>();
        builder.Services.AddTrustedProxies();
        builder.Services.AddSockJs(builder.Configuration.GetSection(SockJsOptions.SectionName));
        builder.Services.PostConfigure<SockJsOptions>(o =>
        {
            var edge = builder.Configuration.GetSection(EdgeOptions.SectionName).Get<EdgeOptions>() ?? new EdgeOptions();
            if (builder.Configuration.GetSection(SockJsOptions.SectionName)[nameof(SockJsOptions.SockJsUrl)] is null)
            {
                o.SockJsUrl = edge.SockJsClientUrl;
            }

            edge.ApplySecurityTo(o);
        });
        var cluster = builder.Configuration.GetRealtimeClusterOptions();
        switch (cluster.Mode)
        {
            case ClusterMode.CoHosted:
                builder.UseOrleans(silo => silo.AddRealtimeSilo(cluster, builder.Configuration));
                break;
            case ClusterMode.Client:
                builder.UseOrleansClient(client => client.AddRealtimeClient(cluster, builder.Configuration));
                break;
        }

        if (cluster.Mode != ClusterMode.None)
        {
            builder.Services.AddRealtimeEdge(builder.Configuration);
            builder.Services.AddRealtimeApi(builder.Configuration);
        }

        builder.Services.AddRealtimeObservability(cluster: cluster.Mode != ClusterMode.None);

        configure?.Invoke(builder);

        var app = builder.Build();
        var edgeOptions = app.Services.GetRequiredService<IOptions<EdgeOptions>>().Value;
        TrustedProxies.Use(app, edgeOptions);
        if (cluster.Mode != ClusterMode.None)
        {
            app.MapRealtime();
            app.MapRealtimeApi();
        }

        app.MapRealtimeObservability();
        app.MapSockJsClientFile(edgeOptions);
        if (edgeOptions.DemoPage)
        {
            app.MapDemo(edgeOptions);
        }

        if (edgeOptions.ProtocolTestEndpoints)
        {
            app.MapSockJsTestServices();
        }

        return app;
    }
}
