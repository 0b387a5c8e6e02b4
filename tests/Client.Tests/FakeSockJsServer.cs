using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Realtime.Client.Tests;

/// <summary>
/// A misbehaving SockJS server on 127.0.0.1 (Kestrel, a free port): <c>/{scenario}/info</c> answers normally and
/// <c>/{scenario}/server/session/websocket</c> runs the scenario's script over the WebSocket, so tests can send the
/// client frames no real edge would.
/// </summary>
public sealed class FakeSockJsServer : IAsyncDisposable
{
    /// <summary>The connect reply a scenario sends as request 1's answer.</summary>
    public const string ConnectReply = """a["{\"id\":1,\"ok\":{\"client\":\"fake.1\",\"user\":\"\",\"expires\":0}}"]""";

    private readonly WebApplication _app;

    private FakeSockJsServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    /// <summary>Starts a server whose scenarios are the given scripts (each gets the socket after the upgrade).</summary>
    public static async Task<FakeSockJsServer> StartAsync(IReadOnlyDictionary<string, Func<WebSocket, CancellationToken, Task>> scenarios)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        app.MapGet("/{scenario}/info", () => Results.Text("""{"websocket":true,"origins":["*:*"],"cookie_needed":false,"entropy":1}""", "application/json"));
        app.Map("/{scenario}/{server}/{session}/websocket", async (HttpContext context, string scenario) =>
        {
            if (!context.WebSockets.IsWebSocketRequest || !scenarios.TryGetValue(scenario, out var script))
            {
                context.Response.StatusCode = 404;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            try
            {
                await script(socket, context.RequestAborted);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The client went away, as the scenario intends.
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FakeSockJsServer(app, address.TrimEnd('/'));
    }

    public static Task SendAsync(WebSocket socket, string frame, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, cancellationToken);

    /// <summary>Reads one message (a client's send array) as text; null when the client closed.</summary>
    public static async Task<string?> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(buffer, 0, length);
            }
        }
    }

    /// <summary>Waits until the client closes (so a scenario does not end the connection itself).</summary>
    public static async Task HoldAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        while (await ReceiveAsync(socket, cancellationToken) is not null)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _app.StopAsync(deadline.Token);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
