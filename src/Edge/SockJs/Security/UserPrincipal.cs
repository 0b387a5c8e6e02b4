namespace Realtime.Edge.SockJs.Security;

/// <summary>The default <see cref="ISockJsRequestPrincipal"/>: the name of the request's authenticated user, if any.</summary>
internal sealed class UserPrincipal : ISockJsRequestPrincipal
{
    public static readonly UserPrincipal Instance = new();

    public ValueTask<string?> PrincipalOfAsync(HttpContext context) =>
        ValueTask.FromResult(context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : null);
}
