using System.Net;

namespace Realtime.Edge.SockJs.Security;

/// <summary>What a session request says about who sent it, compared with a <see cref="SessionBinding"/>.</summary>
internal sealed class RequestIdentity(IPAddress? address, string? cookie)
{
    private bool _principalResolved;

    /// <summary>The client's address: the peer's, or the one a trusted forwarding edge vouched for.</summary>
    public IPAddress? Address { get; } = address;

    /// <summary>The <c>JSESSIONID</c> cookie, read only on services with <see cref="SockJsOptions.CookieNeeded"/>.</summary>
    public string? Cookie { get; } = cookie;

    /// <summary>The principal the request proves, once resolved; null when it proves none.</summary>
    public string? Principal { get; private set; }

    /// <summary>Resolves <see cref="Principal"/> once, only for sessions that are bound to one.</summary>
    public async ValueTask ResolvePrincipalAsync(HttpContext context, ISockJsRequestPrincipal source)
    {
        if (_principalResolved)
        {
            return;
        }

        Principal = await source.PrincipalOfAsync(context);
        _principalResolved = true;
    }
}
