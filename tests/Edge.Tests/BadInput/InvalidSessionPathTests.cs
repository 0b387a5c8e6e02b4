using Realtime.Edge.Tests.Protocol;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.BadInput;

/// <summary>A server or session id that is empty or contains a dot is 404 on every transport.</summary>
[Collection(SockJsCollection.Name)]
public sealed class InvalidSessionPathTests(SockJsServerFixture server)
{
    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        (string Method, string Transport)[] transports =
        [
            ("POST", "xhr"), ("POST", "xhr_send"), ("POST", "xhr_streaming"), ("GET", "eventsource"),
            ("GET", "htmlfile?c=x"), ("GET", "jsonp?c=x"), ("POST", "jsonp_send"), ("GET", "websocket"),
        ];
        foreach (var (method, transport) in transports)
        {
            foreach (var ids in new[] { "/a./b", "/a/b.", "/./.", "//b", "/a/", "/a.b/c" })
            {
                data.Add(method, ids, transport);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EmptyOrDottedId_Is404(string method, string ids, string transport)
    {
        var body = method == "POST" ? "[\"x\"]" : null;

        var r = await RawHttp.SendAsync(method, $"{server.EchoUrl}{ids}/{transport}", body: body is null ? null : System.Text.Encoding.UTF8.GetBytes(body));

        SockJsAssert.NotFound(r);
    }
}
