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
/// and answers 200, or 500 for as many requests as <see cref="FailNext"/> asked.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failures;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Every request received, in arrival order, with the status it was answered with.</summary>
    public ConcurrentQueue<WebhookRequest> Requests { get; } = new();

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
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.TrimEnd('/') + "/hooks";
        return receiver;
    }

    /// <summary>Answers the next <paramref name="count"/> requests with 500.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failures, count);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

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
