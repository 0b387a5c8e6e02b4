using Realtime.Edge.SockJs.Endpoints;
using Realtime.Edge.SockJs.Framing;
using Realtime.Edge.SockJs.Security;
using Realtime.Edge.SockJs.Sessions;

namespace Realtime.Edge.SockJs.Transports;

/// <summary>
/// What <c>xhr_send</c> and <c>jsonp_send</c> share: the size limit, the protocol's checks in its
/// order (payload, JSON, array, session) and in-order delivery to the session.
/// </summary>
internal static class SendRequest
{
    /// <summary>Parses <paramref name="payload"/> and delivers it: true when delivered, else the error response is written and false returned.</summary>
    public static async Task<bool> DeliverAsync(HttpContext context, SockJsService service, string transport, string sessionId, RequestIdentity identity, ReadOnlyMemory<byte>? payload)
    {
        SockJsHttp.NoCache(context.Response);
        SockJsHttp.Cookie(context, service.Options);
        if (payload is null)
        {
            await SockJsHttp.ErrorAsync(context, 500, "Payload expected.");
            return false;
        }

        var messages = new List<string>();
        switch (SockJsPayload.Parse(payload.Value.Span, messages, allowSingleValue: false))
        {
            case PayloadResult.PayloadExpected:
                await SockJsHttp.ErrorAsync(context, 500, "Payload expected.");
                return false;
            case PayloadResult.BrokenJson:
                await SockJsHttp.ErrorAsync(context, 500, "Broken JSON encoding.");
                return false;
        }

        // An unknown session and another client's session get the same answer.
        if (!service.Sessions.TryGetValue(sessionId, out HttpSession? session) || !await service.Guard.AdmitsAsync(context, session, identity, transport))
        {
            await service.Guard.NotFoundAsync(context, identity);
            return false;
        }

        await session.ReceiveAsync(messages, context.RequestAborted);
        return true;
    }

    /// <summary>413 for a body over the limit; the session is untouched.</summary>
    public static Task TooLargeAsync(HttpContext context, SockJsService service)
    {
        SockJsHttp.NoCache(context.Response);
        return SockJsHttp.ErrorAsync(context, StatusCodes.Status413PayloadTooLarge, $"Payload too large: the limit is {service.Options.MaxMessageBytes} bytes.");
    }
}
