namespace Realtime.Edge.SockJs;

/// <summary>
/// Tells which principal an HTTP-transport request proves, for sessions bound to a principal with
/// <see cref="ISockJsConnection.BindPrincipal"/>. A handler may implement it; otherwise the request's
/// authenticated <see cref="HttpContext.User"/> name is used.
/// </summary>
public interface ISockJsRequestPrincipal
{
    /// <summary>The principal the request proves (say, a valid access token's subject), or null when it proves none.</summary>
    ValueTask<string?> PrincipalOfAsync(HttpContext context);
}
