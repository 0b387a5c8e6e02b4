using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace Realtime.Edge.SockJs.Endpoints;

/// <summary>
/// The response headers the protocol fixes byte for byte: content types, caching, CORS and the
/// JSESSIONID cookie. Emitted by hand because generic middleware differs in details the clients
/// and the protocol suite check.
/// </summary>
internal static class SockJsHttp
{
    public const string TextPlain = "text/plain; charset=UTF-8";
    public const string TextHtml = "text/html; charset=UTF-8";
    public const string Json = "application/json; charset=UTF-8";
    public const string JavaScript = "application/javascript; charset=UTF-8";
    public const string EventStream = "text/event-stream";
    private const string NoCacheValue = "no-store, no-cache, no-transform, must-revalidate, max-age=0";
    private const int OneYearSeconds = 31536000;

    /// <summary>Marks a response as never cacheable.</summary>
    public static void NoCache(HttpResponse response) => response.Headers.CacheControl = NoCacheValue;

    /// <summary>Marks a response cacheable for a year (iframe page, preflights).</summary>
    public static void CacheForAYear(HttpResponse response)
    {
        response.Headers.CacheControl = "public, max-age=31536000";
        response.Headers.Expires = DateTimeOffset.UtcNow.AddSeconds(OneYearSeconds).ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// CORS for the XHR family: echo the Origin (the literal <c>null</c> included) with credentials,
    /// or <c>*</c> without credentials when there is no Origin. The EventSource variant treats
    /// <c>null</c> like a missing Origin. Requests from origins the service does not allow never get
    /// here (<see cref="Security.SessionGuard.RefuseOrigin"/>), and credentials never go with <c>*</c>.
    /// </summary>
    public static void Cors(HttpContext context, bool nullIsAnonymous = false)
    {
        var request = context.Request;
        var headers = context.Response.Headers;
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0 || origin == "*" || (nullIsAnonymous && origin == "null"))
        {
            headers.AccessControlAllowOrigin = "*";
        }
        else
        {
            headers.AccessControlAllowOrigin = origin;
            headers.AccessControlAllowCredentials = "true";
        }

        headers.Vary = HeaderNames.Origin;
        var requested = request.Headers.AccessControlRequestHeaders.ToString();
        if (requested.Length > 0)
        {
            headers.AccessControlAllowHeaders = requested;
        }
    }

    /// <summary>Sets <c>JSESSIONID</c> when the service needs it: the client's value, else <c>dummy</c>.</summary>
    public static void Cookie(HttpContext context, SockJsOptions options)
    {
        if (!options.CookieNeeded)
        {
            return;
        }

        var value = context.Request.Cookies["JSESSIONID"];
        if (string.IsNullOrEmpty(value) || !IsCookieSafe(value))
        {
            value = "dummy";
        }

        context.Response.Headers.SetCookie = "JSESSIONID=" + value + "; path=/";
    }

    /// <summary>Answers a CORS preflight with the allowed methods.</summary>
    public static Task PreflightAsync(HttpContext context, string methods, SockJsOptions? cookieOptions)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status204NoContent;
        CacheForAYear(response);
        Cors(context);
        response.Headers.AccessControlAllowMethods = methods;
        response.Headers.AccessControlMaxAge = OneYearSeconds.ToString(CultureInfo.InvariantCulture);
        if (cookieOptions is not null)
        {
            Cookie(context, cookieOptions);
        }

        return Task.CompletedTask;
    }

    /// <summary>Writes a small complete body with its Content-Length.</summary>
    public static Task WriteAsync(HttpContext context, int status, string? contentType, ReadOnlyMemory<byte> body)
    {
        var response = context.Response;
        response.StatusCode = status;
        if (contentType is not null)
        {
            response.ContentType = contentType;
        }

        response.ContentLength = body.Length;
        return body.IsEmpty ? Task.CompletedTask : response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    /// <summary>Writes a plain-text error, as sockjs-node does.</summary>
    public static Task ErrorAsync(HttpContext context, int status, string message) =>
        WriteAsync(context, status, TextPlain, System.Text.Encoding.UTF8.GetBytes(message));

    /// <summary>404 with sockjs-node's body.</summary>
    public static Task NotFoundAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status404NotFound, TextPlain, "404 Error: Page not found\n"u8.ToArray());

    /// <summary>405 with <c>Allow</c>, no content type and an empty body.</summary>
    public static Task MethodNotAllowedAsync(HttpContext context, string allow)
    {
        context.Response.Headers.Allow = allow;
        return WriteAsync(context, StatusCodes.Status405MethodNotAllowed, null, ReadOnlyMemory<byte>.Empty);
    }

    private static bool IsCookieSafe(string value)
    {
        foreach (var c in value)
        {
            if (c <= ' ' || c >= 0x7F || c is ';' or ',' or '"' or '\\')
            {
                return false;
            }
        }

        return value.Length <= 256;
    }
}
