using System.Net;

namespace Realtime.Edge.SockJs.Security;

/// <summary>
/// What an HTTP-transport session is bound to: the address and <c>JSESSIONID</c> of the request that
/// opened it, then, once the layer above bound one, a principal. A request is admitted when it proves
/// the bound principal (so a client may change address), refused when it proves another, and otherwise
/// admitted only from the opening address with the opening cookie.
/// </summary>
internal sealed class SessionBinding(IPAddress? address, string? cookie)
{
    private volatile string? _principal;

    /// <summary>The principal bound by <see cref="ISockJsConnection.BindPrincipal"/>, if any.</summary>
    public string? Principal => _principal;

    public void BindPrincipal(string principal) => _principal = principal;

    /// <summary>Whether the request may use the session; <paramref name="reason"/> says why not.</summary>
    public bool Admits(RequestIdentity request, out string? reason)
    {
        reason = null;
        var principal = _principal;
        if (principal is not null && request.Principal is { } claimed)
        {
            if (string.Equals(principal, claimed, StringComparison.Ordinal))
            {
                return true;
            }

            reason = "another principal";
            return false;
        }

        if (!Equals(address, request.Address))
        {
            reason = "another client address";
            return false;
        }

        // Only a cookie the client chose binds: the "dummy" the server sets for cookie-less clients is no secret.
        if (cookie is not null && !string.Equals(cookie, request.Cookie, StringComparison.Ordinal))
        {
            reason = "another JSESSIONID";
            return false;
        }

        return true;
    }
}
