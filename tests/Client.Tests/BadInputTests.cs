using System.Net.WebSockets;
using Realtime.Client.SockJs;
using Realtime.TestKit;
using static Realtime.Client.Tests.FakeSockJsServer;

namespace Realtime.Client.Tests;

/// <summary>
/// What a server can do wrong, and what the client makes of it: frames that are not SockJS and messages that are not
/// the protocol close the connection with an error that says what arrived; silence ends in a timeout; cancellation
/// is honoured. Nothing is thrown on the receive loop.
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FakeSockJsServer? _server;

    private FakeSockJsServer Server => _server ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _server = await StartAsync(new Dictionary<string, Func<WebSocket, CancellationToken, Task>>
        {
            ["broken-json"] = (s, ct) => AfterConnectRequest(s, "a[\"{\\\"id\\\":1", ct),
            ["unknown-frame"] = (s, ct) => AfterConnectRequest(s, "x[1]", ct),
            ["not-an-object"] = (s, ct) => AfterConnectRequest(s, "a[\"not json at all\"]", ct),
            ["binary"] = async (s, ct) =>
            {
                await SendAsync(s, "o", ct);
                await ReceiveAsync(s, ct);
                await s.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, ct);
                await HoldAsync(s, ct);
            },
            ["silent"] = async (s, ct) =>
            {
                await SendAsync(s, "o", ct);
                await HoldAsync(s, ct);
            },
            ["garbage-later"] = async (s, ct) =>
            {
                await SendAsync(s, "o", ct);
                await ReceiveAsync(s, ct);
                await SendAsync(s, ConnectReply, ct);
                await _release.Task.WaitAsync(ct);
                await SendAsync(s, "a[{\"not\":\"a string\"}]", ct);
                await HoldAsync(s, ct);
            },
            ["closes-before-open"] = (s, ct) => SendAsync(s, "c[3000,\"Go away!\"]", ct),
        });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("broken-json", "not valid JSON")]
    [InlineData("unknown-frame", "an unknown frame")]
    [InlineData("binary", "binary WebSocket message")]
    public async Task MalformedFrame_FailsConnect_WithAProtocolErrorThatSaysWhatArrived(string scenario, string expected)
    {
        await using var client = new RealtimeClient(Options(scenario));
        var error = await Assert.ThrowsAsync<RealtimeException>(() => client.ConnectAsync());
        Assert.Equal(SockJsCloseStatus.ProtocolError, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.IsType<SockJsProtocolException>(error.InnerException);
        Assert.Equal(RealtimeClientState.Disconnected, client.State);
    }

    [Fact]
    public async Task MessageThatIsNotJson_FailsConnect_WithARealtimeProtocolError()
    {
        await using var client = new RealtimeClient(Options("not-an-object"));
        var error = await Assert.ThrowsAsync<RealtimeProtocolException>(() => client.ConnectAsync());
        Assert.Contains("not a JSON object", error.Message, StringComparison.Ordinal);
        Assert.Contains("not json at all", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedFrameOnAnOpenConnection_Disconnects_WithoutReconnecting()
    {
        await using var client = new RealtimeClient(Options("garbage-later"));
        var disconnected = new TaskCompletionSource<DisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Disconnected += (_, e) => disconnected.TrySetResult(e);
        await client.ConnectAsync();
        Assert.Equal("fake.1", client.ClientId);

        _release.SetResult();
        var e = await Eventually.WithinAsync(disconnected.Task, "the client to drop the connection after a malformed frame");
        Assert.Equal(SockJsCloseStatus.ProtocolError, e.Code);
        Assert.False(e.Reconnecting);
        Assert.IsType<SockJsProtocolException>(e.Error);
        Assert.Contains("non-string", e.Reason, StringComparison.Ordinal);
        Assert.Equal(RealtimeClientState.Disconnected, client.State);
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.PingAsync());
    }

    [Fact]
    public async Task ServerThatNeverReplies_TimesOutTheRequest_NamingIt()
    {
        var options = Options("silent");
        options.RequestTimeout = TimeSpan.FromMilliseconds(300);
        await using var client = new RealtimeClient(options);
        var error = await Assert.ThrowsAsync<TimeoutException>(() => client.ConnectAsync());
        Assert.Contains("No reply to connect #1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelledRequest_ThrowsOperationCanceled()
    {
        await using var client = new RealtimeClient(Options("silent"));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ConnectAsync(cancellationToken: cancel.Token));
    }

    [Fact]
    public async Task CloseFrameInsteadOfOpen_FailsWithTheServersCodeAndReason_WithoutFallingBack()
    {
        await using var client = new RealtimeClient(Options("closes-before-open", SockJsTransports.All));
        var error = await Assert.ThrowsAsync<SockJsException>(() => client.ConnectAsync());
        Assert.Contains("3000 Go away!", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadOptions_AreRefused_NamingTheOption()
    {
        Assert.Contains("Url", Assert.Throws<ArgumentException>(() => new RealtimeClient(new RealtimeClientOptions())).Message, StringComparison.Ordinal);
        var none = new RealtimeClientOptions { Url = new Uri("http://127.0.0.1:1/realtime"), Transports = SockJsTransports.None };
        Assert.Contains("Transports", Assert.Throws<ArgumentException>(() => new RealtimeClient(none)).Message, StringComparison.Ordinal);
        var backwards = new RealtimeClientOptions { Url = new Uri("http://127.0.0.1:1/realtime"), ReconnectDelayMin = TimeSpan.FromSeconds(5), ReconnectDelayMax = TimeSpan.FromSeconds(1) };
        Assert.Contains("ReconnectDelayMax", Assert.Throws<ArgumentException>(() => new RealtimeClient(backwards)).Message, StringComparison.Ordinal);
    }

    private static async Task AfterConnectRequest(WebSocket socket, string frame, CancellationToken cancellationToken)
    {
        await SendAsync(socket, "o", cancellationToken);
        await ReceiveAsync(socket, cancellationToken);
        await SendAsync(socket, frame, cancellationToken);
        await HoldAsync(socket, cancellationToken);
    }

    private RealtimeClientOptions Options(string scenario, SockJsTransports transports = SockJsTransports.WebSocket) =>
        ClientClusterFixture.Options(new Uri(Server.Url + "/" + scenario), transports);
}
