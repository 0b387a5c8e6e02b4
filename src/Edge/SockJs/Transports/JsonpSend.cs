using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Realtime.Edge.SockJs.Endpoints;
using Realtime.Edge.SockJs.Security;

namespace Realtime.Edge.SockJs.Transports;

/// <summary>
/// <c>POST .../jsonp_send</c>: a form body with field <c>d</c>, or a raw text body (never
/// URL-decoded); 200 <c>ok</c> on success (not 204: Konqueror mishandles it).
/// </summary>
internal static class JsonpSend
{
    private static readonly byte[] Ok = "ok"u8.ToArray();

    public static async Task HandleAsync(HttpContext context, SockJsService service, string sessionId, RequestIdentity identity)
    {
        var body = await RequestBody.ReadAsync(context, service.Options.MaxMessageBytes);
        if (body is null)
        {
            await SendRequest.TooLargeAsync(context, service);
            return;
        }

        if (await SendRequest.DeliverAsync(context, service, "jsonp_send", sessionId, identity, Payload(context.Request.ContentType, body)))
        {
            await SockJsHttp.WriteAsync(context, 200, SockJsHttp.TextPlain, Ok);
        }
    }

    private static ReadOnlyMemory<byte>? Payload(string? contentType, byte[] body)
    {
        var mediaType = (contentType ?? string.Empty).Split(';')[0].Trim();
        if (mediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            var form = new FormReader(Encoding.UTF8.GetString(body)).ReadForm();
            return form.TryGetValue("d", out var d) && d.ToString().Length > 0 ? Encoding.UTF8.GetBytes(d.ToString()) : null;
        }

        if (mediaType.Length == 0 || mediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            return body.Length == 0 ? null : body;
        }

        return null;
    }
}
