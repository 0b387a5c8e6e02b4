using System.Collections.Concurrent;
using System.Net.WebSockets;

// The baseline: a plain ASP.NET Core WebSocket app as most people would write it. /echo echoes each
// text message; /broadcast sends each received message to every socket in a simple loop.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();
app.UseWebSockets();
var everyone = new ConcurrentDictionary<WebSocket, SemaphoreSlim>();

app.Map("/echo", async context =>
{
    using var socket = await context.WebSockets.AcceptWebSocketAsync();
    var buffer = new byte[4096];
    while (true)
    {
        var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
        if (result.MessageType == WebSocketMessageType.Close)
        {
            break;
        }

        await socket.SendAsync(buffer.AsMemory(0, result.Count), WebSocketMessageType.Text, result.EndOfMessage, CancellationToken.None);
    }
});

app.Map("/broadcast", async context =>
{
    using var socket = await context.WebSockets.AcceptWebSocketAsync();
    using var sendLock = new SemaphoreSlim(1, 1);
    everyone[socket] = sendLock;
    var buffer = new byte[4096];
    try
    {
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            var message = buffer.AsMemory(0, result.Count).ToArray();
            foreach (var (peer, peerLock) in everyone)
            {
                await peerLock.WaitAsync();
                try
                {
                    await peer.SendAsync(message, WebSocketMessageType.Text, true, CancellationToken.None);
                }
                catch (WebSocketException)
                {
                    // That peer is gone.
                }
                finally
                {
                    peerLock.Release();
                }
            }
        }
    }
    catch (WebSocketException)
    {
        // Client went away.
    }
    finally
    {
        everyone.TryRemove(socket, out _);
    }
});

app.Run();
