using Realtime.TestKit;

namespace Realtime.Edge.Tests.Protocol;

/// <summary>Session life cycle and framing, explained over xhr-polling: <c>o</c>, <c>a[...]</c>, <c>c[...]</c>, one receiver at a time.</summary>
[Collection(SockJsCollection.Name)]
public sealed class ProtocolTests(SockJsServerFixture server)
{
    private const string AnotherConnection = "c[2010,\"Another connection still open\"]\n";

    [Fact]
    public async Task Session_OpensWithO_ThenDeliversSentMessagesAsArray()
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);

        SockJsAssert.StatusAndBody(await RawHttp.PostAsync(session + "/xhr"), 200, "o\n");

        var send = await RawHttp.PostAsync(session + "/xhr_send", "[\"a\"]");
        SockJsAssert.Status(send, 204);
        SockJsAssert.EmptyBody(send);

        SockJsAssert.StatusAndBody(await RawHttp.PostAsync(session + "/xhr"), 200, "a[\"a\"]\n");
    }

    [Fact]
    public async Task Session_SendToUnknownSession_Is404()
    {
        SockJsAssert.NotFound(await RawHttp.PostAsync(server.EchoUrl + "/000/bad_session/xhr_send", "[\"a\"]"));
    }

    [Fact]
    public async Task Session_SecondConcurrentPoll_GetsAnotherConnectionStillOpen_AndFirstKeepsWorking()
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);
        SockJsAssert.StatusAndBody(await RawHttp.PostAsync(session + "/xhr"), 200, "o\n");

        // Whichever poll the server attaches first keeps waiting; the other is refused at once.
        var (c1, p1) = await RawHttp.BeginAsync("POST", session + "/xhr");
        var (c2, p2) = await RawHttp.BeginAsync("POST", session + "/xhr");
        using (c1)
        using (c2)
        {
            var refused = await Task.WhenAny(p1, p2);
            SockJsAssert.StatusAndBody(await refused, 200, AnotherConnection);
            var waiting = refused == p1 ? p2 : p1;
            Assert.False(waiting.IsCompleted, "The attached poll must stay open while the second one is refused");

            SockJsAssert.Status(await RawHttp.PostAsync(session + "/xhr_send", "[\"x\"]"), 204);
            SockJsAssert.StatusAndBody(await waiting, 200, "a[\"x\"]\n");
        }
    }

    [Fact]
    public async Task Session_ClosedByServer_ServesTheCloseFrameToEveryPoll()
    {
        var session = SockJsServerFixture.NewSession(server.CloseUrl);

        SockJsAssert.StatusAndBody(await RawHttp.PostAsync(session + "/xhr"), 200, "o\n");
        SockJsAssert.StatusAndBody(await RawHttp.PostAsync(session + "/xhr"), 200, "c[3000,\"Go away!\"]\n");
        SockJsAssert.StatusAndBody(await RawHttp.PostAsync(session + "/xhr"), 200, "c[3000,\"Go away!\"]\n");
    }

    [Fact]
    public async Task Session_SendToClosingSession_IsAcceptedAndDropped()
    {
        var session = SockJsServerFixture.NewSession(server.CloseUrl);
        SockJsAssert.StatusAndBody(await RawHttp.PostAsync(session + "/xhr"), 200, "o\n");
        SockJsAssert.StatusAndBody(await RawHttp.PostAsync(session + "/xhr"), 200, "c[3000,\"Go away!\"]\n");

        SockJsAssert.Status(await RawHttp.PostAsync(session + "/xhr_send", "[\"x\"]"), 204);

        SockJsAssert.StatusAndBody(await RawHttp.PostAsync(session + "/xhr"), 200, "c[3000,\"Go away!\"]\n");
    }
}
