using System.Net;
using System.Net.Http.Headers;
using Realtime.Edge.SockJs.Security;

namespace Realtime.Edge.SockJs.Endpoints;

/// <summary>
/// Forwards a session request to the edge that owns the session and streams the answer back, flushing
/// as bytes arrive so streaming transports stay live. Hop-by-hop headers are dropped.
/// </summary>
internal static class SessionForwarder
{
    /// <summary>Marks a forwarded request, so the owner never forwards it again.</summary>
    public const string Header = "X-Realtime-Forwarded";

    private static readonly HttpClient Client = new(new SocketsHttpHandler
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        UseProxy = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Host", "TE", "Trailer", "Proxy-Connection", "Proxy-Authorization", "Proxy-Authenticate",
    };

    public static bool IsForwarded(HttpContext context) => context.Request.Headers.ContainsKey(Header);

    /// <summary>Forwards the request; false when the owner could not be reached (nothing was written).</summary>
    /// <remarks>The client's address goes along, vouched for with <paramref name="forwarding"/>, so the owner binds and limits the client, not this edge.</remarks>
    public static async Task<bool> TryForwardAsync(HttpContext context, Uri owner, ForwardedClient forwarding, IPAddress? client)
    {
        var request = context.Request;
        var path = ForwardedClient.TargetOf(request);
        var target = new Uri(owner, path);
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), target);
        if (HttpMethods.IsPost(request.Method))
        {
            message.Content = new StreamContent(request.Body);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name) || name.Equals(ForwardedClient.Header, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        message.Headers.TryAddWithoutValidation(Header, "1");
        message.Headers.TryAddWithoutValidation(ForwardedClient.Header, forwarding.Sign(client, request.Method, path));
        HttpResponseMessage response;
        try
        {
            response = await Client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        }
        catch (HttpRequestException)
        {
            return false;
        }

        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            Copy(response.Headers, context.Response.Headers);
            Copy(response.Content.Headers, context.Response.Headers);
            await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
            var buffer = new byte[4096];
            int read;
            while ((read = await body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }

        return true;
    }

    private static void Copy(HttpHeaders from, IHeaderDictionary to)
    {
        foreach (var (name, values) in from)
        {
            if (!HopByHop.Contains(name))
            {
                to[name] = values.ToArray();
            }
        }
    }
}
