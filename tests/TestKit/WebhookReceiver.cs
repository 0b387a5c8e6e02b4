using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Realtime.TestKit;

/// <summary>
/// An app's webhook endpoint for tests: real Kestrel on 127.0.0.1, a free port. It records every request
/// and answers 200, or 500 for as many requests as <see cref="FailNext"/> asked. It also serves a publish
/// proxy at <c>/publish/{mode}</c>, whose mode says how it answers (see <see cref="AnswerProxyAsync"/>).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failures;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Every request received, in arrival order, with the status it was answered with.</summary>
    public ConcurrentQueue<WebhookRequest> Requests { get; } = new();

    /// <summary>Every publish proxy request received, in arrival order.</summary>
    public ConcurrentQueue<WebhookRequest> ProxyRequests { get; } = new();

    /// <summary>The endpoint's URL.</summary>
    public string Url { get; private set; } = string.Empty;

    /// <summary>Every event of every request answered 200, in order.</summary>
    public IReadOnlyList<JsonObject> Delivered =>
        [.. Requests.Where(r => r.Status == 200).SelectMany(r => r.Events)];

    /// <summary>Starts a receiver on <paramref name="port"/> (0: any free port).</summary>
    public static async Task<WebhookReceiver> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks", receiver.ReceiveAsync);
        app.MapPost("/publish/{mode}", receiver.AnswerProxyAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.TrimEnd('/') + "/hooks";
        return receiver;
    }

    /// <summary>Answers the next <paramref name="count"/> requests with 500.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failures, count);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    // approve: {}; rewrite: {"data": {"rewritten": <data>}}; huge: a rewrite of 100 KB; refuse: a 403 error;
    // teapot: an error code the proxy may not choose; fail: 500; garbage: 200 with a body that is not JSON;
    // hang: no answer until the caller gives up.
    private async Task AnswerProxyAsync(HttpContext context, string mode)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        ProxyRequests.Enqueue(new WebhookRequest(body.ToArray(), context.Request.Headers["X-Realtime-Signature"].ToString(), 200));
        var data = JsonNode.Parse(body.ToArray())?["data"]?.DeepClone();
        switch (mode)
        {
            case "approve":
                await context.Response.WriteAsync("{}");
                break;
            case "rewrite":
                await context.Response.WriteAsync(new JsonObject { ["data"] = new JsonObject { ["rewritten"] = data } }.ToJsonString());
                break;
            case "huge":
                await context.Response.WriteAsync(new JsonObject { ["data"] = new string('x', 100_000) }.ToJsonString());
                break;
            case "refuse":
                await context.Response.WriteAsync("{\"error\":{\"code\":403,\"message\":\"banned word\"}}");
                break;
            case "teapot":
                await context.Response.WriteAsync("{\"error\":{\"code\":418,\"message\":\"short and stout\"}}");
                break;
            case "fail":
                context.Response.StatusCode = 500;
                break;
            case "garbage":
                await context.Response.WriteAsync("<html>");
                break;
            case "hang":
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                break;
            default:
                context.Response.StatusCode = 404;
                break;
        }
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var status = Interlocked.Decrement(ref _failures) >= 0 ? 500 : 200;
        if (status == 200)
        {
            Interlocked.Exchange(ref _failures, 0);
        }

        Requests.Enqueue(new WebhookRequest(body.ToArray(), context.Request.Headers["X-Realtime-Signature"].ToString(), status));
        context.Response.StatusCode = status;
    }
}
