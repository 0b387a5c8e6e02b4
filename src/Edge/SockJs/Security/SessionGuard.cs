using System.Globalization;
using Microsoft.Extensions.Logging;
using Realtime.Edge.SockJs.Endpoints;
using Realtime.Edge.SockJs.Sessions;

namespace Realtime.Edge.SockJs.Security;

/// <summary>
/// One service's defences at its edge: the origin policy, session binding, the session-id length and
/// the budget for probing unknown or foreign sessions. Every refusal is answered in one place, so an
/// unknown session and another client's session look the same from outside.
/// </summary>
internal sealed class SessionGuard : IDisposable
{
    private readonly SockJsOptions _options;
    private readonly ILogger _logger;
    private readonly ProbeGuard _probes;
    private readonly ISockJsRequestPrincipal _principals;

    public SessionGuard(SockJsOptions options, ISockJsHandler handler, ILogger logger, TimeProvider time)
    {
        _options = options;
        _logger = logger;
        Origins = OriginPolicy.Create(options.AllowedOrigins);
        Forwarding = new ForwardedClient(options.ForwardingSecret, time);
        _probes = new ProbeGuard(options, time);
        _principals = handler as ISockJsRequestPrincipal ?? UserPrincipal.Instance;
        Slots = new AddressSlots(options.MaxSessionsPerAddress);
    }

    /// <summary>Open sessions per client address.</summary>
    public AddressSlots Slots { get; }

    public OriginPolicy Origins { get; }

    public ForwardedClient Forwarding { get; }

    /// <summary>Refuses (403, no CORS headers) a request from an origin the policy does not allow; true when refused.</summary>
    public bool RefuseOrigin(HttpContext context, string route, bool webSocket, out Task response)
    {
        if (Origins.Check(context.Request, webSocket, out var origin) != OriginVerdict.Refused)
        {
            response = Task.CompletedTask;
            return false;
        }

        Log.OriginRefused(_logger, origin!, route, Forwarding.AddressOf(context));
        SockJsHttp.NoCache(context.Response);
        response = SockJsHttp.ErrorAsync(context, StatusCodes.Status403Forbidden, "Origin not allowed.");
        return true;
    }

    /// <summary>Whether the session id is long enough to be hard to guess.</summary>
    public bool IsLongEnough(ReadOnlySpan<char> sessionId) => sessionId.Length >= _options.MinSessionIdLength;

    /// <summary>Who sent the request, as far as binding is concerned.</summary>
    public RequestIdentity Identify(HttpContext context) =>
        new(Forwarding.AddressOf(context), _options.CookieNeeded ? context.Request.Cookies["JSESSIONID"] : null);

    /// <summary>Answers 429 to an address that spent its probe budget; true when it did.</summary>
    public bool RefuseBlocked(HttpContext context, RequestIdentity identity, out Task response)
    {
        if (!_probes.IsBlocked(identity.Address, out var retryAfter))
        {
            response = Task.CompletedTask;
            return false;
        }

        response = TooManyAsync(context, retryAfter);
        return true;
    }

    /// <summary>A slot for a new session of <paramref name="address"/>, or null with a 429 answer when it has too many open.</summary>
    public AddressSlot? TakeSlot(HttpContext context, System.Net.IPAddress? address, out Task response)
    {
        var slot = Slots.TryTake(address);
        if (slot is not null)
        {
            response = Task.CompletedTask;
            return slot;
        }

        Log.TooManySessions(_logger, address, _options.MaxSessionsPerAddress);
        SockJsHttp.NoCache(context.Response);
        response = SockJsHttp.ErrorAsync(context, StatusCodes.Status429TooManyRequests, "Too many sessions from this address.");
        return null;
    }

    /// <summary>Whether <paramref name="identity"/> may use <paramref name="session"/>; resolves the request's principal when the session has one.</summary>
    public async ValueTask<bool> AdmitsAsync(HttpContext context, HttpSession session, RequestIdentity identity, string transport)
    {
        if (!_options.BindSessions)
        {
            return true;
        }

        if (session.Binding.Principal is not null)
        {
            await identity.ResolvePrincipalAsync(context, _principals);
        }

        return Admits(session, identity, transport);
    }

    /// <summary>The synchronous check, with whatever principal was resolved before; logs a refusal.</summary>
    public bool Admits(HttpSession session, RequestIdentity identity, string transport)
    {
        if (!_options.BindSessions || session.Binding.Admits(identity, out var reason))
        {
            return true;
        }

        Log.SessionRequestRefused(_logger, transport, session.Id, identity.Address, reason!);
        return false;
    }

    /// <summary>Answers a request for an unknown or foreign session: 404, or 429 once its address is past the budget.</summary>
    public Task NotFoundAsync(HttpContext context, RequestIdentity identity)
    {
        if (_probes.TryProbe(identity.Address, out var retryAfter))
        {
            return SockJsHttp.NotFoundAsync(context);
        }

        Log.ProbeBudgetSpent(_logger, identity.Address, _options.ProbeBudget, _options.ProbeWindow);
        return TooManyAsync(context, retryAfter);
    }

    public void Dispose() => _probes.Dispose();

    private static Task TooManyAsync(HttpContext context, TimeSpan retryAfter)
    {
        var response = context.Response;
        SockJsHttp.NoCache(response);
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return SockJsHttp.ErrorAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests for unknown sessions.");
    }
}
