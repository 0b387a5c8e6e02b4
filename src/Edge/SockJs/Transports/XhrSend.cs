using Realtime.Edge.SockJs.Endpoints;
using Realtime.Edge.SockJs.Security;

namespace Realtime.Edge.SockJs.Transports;

/// <summary><c>POST .../xhr_send</c>: a JSON array of messages in the body; 204 on success.</summary>
internal static class XhrSend
{
    public static async Task HandleAsync(HttpContext context, SockJsService service, string sessionId, RequestIdentity identity)
    {
        SockJsHttp.Cors(context);
        var body = await RequestBody.ReadAsync(context, service.Options.MaxMessageBytes);
        if (body is null)
        {
            await SendRequest.TooLargeAsync(context, service);
            return;
        }

        if (await SendRequest.DeliverAsync(context, service, "xhr_send", sessionId, identity, body.Length == 0 ? null : body))
        {
            // A content type on a 204 on purpose: old Firefox parsed the empty body as XML otherwise.
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            context.Response.ContentType = SockJsHttp.TextPlain;
        }
    }
}
