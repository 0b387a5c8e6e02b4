using System.Text;
using Realtime.Edge.Tests.Protocol;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Conformance;

/// <summary>
/// WebSocket conformance of the echo service's raw <c>/websocket</c> endpoint for each handshake that reaches it
/// (RFC 6455 on the fast path, hybi-08 and hybi-07 through the HTTP stack), and of the SockJS
/// <c>/server/session/websocket</c> endpoint for the cases that do not depend on echoed text: Autobahn categories
/// 1 to 7 with a hand-framing client, judged by AutobahnExpectations.json. After each case the server must still echo.
/// </summary>
[Collection(SockJsCollection.Name)]
public sealed class WebSocketConformanceTests(SockJsServerFixture server)
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in AutobahnCases.All)
        {
            foreach (var endpoint in new[] { "raw-13", "raw-8", "raw-7", "sockjs-13" })
            {
                if (!endpoint.StartsWith("sockjs", StringComparison.Ordinal) || c.AppliesToSockJs)
                {
                    data.Add(c.Id, endpoint);
                }
            }
        }

        return data;
    }

    [Fact]
    public void ExpectationsTable_CoversEveryCase_AndNothingElse()
    {
        Assert.Equal(AutobahnCases.All.Select(c => c.Id).Order(), AutobahnExpectations.CaseIds.Order());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Case_BehavesAsExpected(string caseId, string endpoint)
    {
        var testCase = AutobahnCases.Get(caseId);
        var sockJs = endpoint.StartsWith("sockjs", StringComparison.Ordinal);
        var version = endpoint.Split('-')[1];
        var url = sockJs ? SockJsServerFixture.NewSession(server.EchoUrl) + "/websocket" : server.EchoUrl + "/websocket";
        var behavior = AutobahnExpectations.BehaviorOf(caseId, sockJs);

        List<Expected> events;
        await using (var client = await FrameClient.ConnectAsync(url, version))
        {
            events = await RunAsync(client, testCase, sockJs);
        }

        var expected = testCase.Expect.Any(e => e.Ends) ? testCase.Expect.ToList() : [.. testCase.Expect, Expected.Closed(1000)];
        var story = $"case {testCase} on {endpoint} ({behavior}): expected [{string.Join(", ", expected)}], got [{string.Join(", ", events)}]";
        Assert.True(events.Count > 0 && events[^1].Ends, $"The connection did not end: {story}");
        if (behavior != "Informational")
        {
            Assert.True(EndMatches(expected[^1], events[^1]), $"Wrong ending: {story}");
        }

        if (behavior == "Ok")
        {
            var wantedData = expected.Where(e => !e.Ends && (!sockJs || e.Kind != "text")).ToList();
            var gotData = events.Where(e => !e.Ends).ToList();
            Assert.True(
                wantedData.Count == gotData.Count && wantedData.Zip(gotData).All(p => p.First.Kind == p.Second.Kind && p.First.Payload.AsSpan().SequenceEqual(p.Second.Payload)),
                $"Wrong messages: {story}");
        }

        await AssertStillEchoesAsync();
    }

    private static bool EndMatches(Expected wanted, Expected got) => wanted.Kind switch
    {
        "fail" => got.Kind == "drop" || (got.Kind == "close" && got.Code == wanted.Code),
        _ => got.Kind == "close" && got.Code == wanted.Code,
    };

    /// <summary>Sends the case's frames (closing normally when the case does not end the connection) and records what comes back.</summary>
    private static async Task<List<Expected>> RunAsync(FrameClient client, AutobahnCase testCase, bool sockJs)
    {
        var closeSent = false;
        foreach (var frame in testCase.Send)
        {
            if (!await client.SendAsync(frame))
            {
                break;
            }

            closeSent |= frame.Opcode == WireFrame.Close;
        }

        if (!testCase.Expect.Any(e => e.Ends) && !closeSent)
        {
            closeSent = await client.SendAsync(WireFrame.CloseOf(1000));
        }

        var events = new List<Expected>();
        var message = new MemoryStream();
        for (var i = 0; i < 1000; i++)
        {
            var frame = await client.ReadAsync($"the server's answer to case {testCase}", ReadTimeout);
            if (frame is null)
            {
                events.Add(new Expected("drop", []));
                return events;
            }

            switch (frame.Opcode)
            {
                case WireFrame.Close:
                    events.Add(new Expected("close", [], frame.CloseCode ?? 0));
                    if (!closeSent)
                    {
                        await client.SendAsync(WireFrame.CloseOf(frame.CloseCode is { } code and not (1005 or 1006) ? code : 1000));
                    }

                    return events;
                case WireFrame.Pong:
                    events.Add(Expected.Pong(frame.Payload));
                    break;
                case WireFrame.Text or WireFrame.Binary or WireFrame.Continuation:
                    message.Write(frame.Payload);
                    if (frame.Fin)
                    {
                        if (!sockJs)
                        {
                            events.Add(Expected.Text(message.ToArray()));
                        }

                        message.SetLength(0);
                    }

                    break;
            }
        }

        throw new InvalidOperationException($"Case {testCase}: no end after 1000 frames");
    }

    private async Task AssertStillEchoesAsync()
    {
        await using var ws = await RawWebSocket.ConnectAsync(server.EchoUrl + "/websocket");
        await ws.SendTextAsync("still echoing");
        Assert.Equal("still echoing", await ws.ReceiveTextAsync("an echo after the case"));
        await ws.CloseAsync();
    }
}
