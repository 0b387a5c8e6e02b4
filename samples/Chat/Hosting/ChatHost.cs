using Microsoft.Extensions.Options;
using Realtime.Edge.Hosting;

namespace Realtime.Samples.Chat.Hosting;

/// <summary>
/// Builds the chat sample: the edge as <c>src/Edge</c> builds it (co-hosted silo, <c>/realtime</c>), plus the
/// chat's options for its handler grain and its page from <c>wwwroot</c>. <c>Program</c> and the tests start it here.
/// </summary>
public static class ChatHost
{
    /// <summary>The page's sockjs-client: a redirect to <c>Edge:SockJsClientUrl</c>, so the page follows the edge's setting.</summary>
    public const string SockJsClientPath = "/sockjs-client.js";

    /// <summary>Creates the chat app, ready to run.</summary>
    /// <param name="args">Command-line arguments (configuration overrides such as <c>--urls</c> or <c>--Cluster:SiloPort</c>).</param>
    public static WebApplication Build(string[] args)
    {
        var app = EdgeHost.Build(args, builder =>
        {
            builder.Services.AddOptions<ChatOptions>()
                .Bind(builder.Configuration.GetSection(ChatOptions.SectionName), o => o.ErrorOnUnknownConfiguration = true)
                .ValidateOnStart();
            builder.Services.AddSingleton<IValidateOptions<ChatOptions>, ChatOptionsValidator>();
        });

        var edge = app.Services.GetRequiredService<IOptions<EdgeOptions>>().Value;
        app.MapGet(SockJsClientPath, () => Results.Redirect(edge.SockJsClientUrl));

        // After the edge's endpoints: "/" has none (Edge:DemoPage is off), so it becomes index.html.
        app.UseDefaultFiles();
        app.UseStaticFiles();
        return app;
    }
}
