using Microsoft.Extensions.Options;
using Realtime.Edge.Auth;
using Realtime.Edge.Cluster;

namespace Realtime.Edge.Protocol;

/// <summary>
/// The <c>connect</c> and <c>refresh</c> ops and a token's lifetime: the <c>refresh-required</c> push
/// <c>Auth:RefreshLead</c> before <c>exp</c>, and close 3001 once the token expired without a refresh.
/// </summary>
internal sealed partial class Authenticator(
    TokenValidator tokens,
    ClusterAdapter cluster,
    ChannelRequests channels,
    IOptions<AuthOptions> authOptions,
    IOptions<LimitsOptions> limitsOptions,
    TimeProvider time,
    ILogger<Authenticator> logger)
{
    private readonly AuthOptions _auth = authOptions.Value;
    private readonly LimitsOptions _limits = limitsOptions.Value;

    /// <summary>Starts the connection's <c>Limits:ConnectTimeout</c>: an idle connection that never connects holds resources for nothing.</summary>
    public void OnOpened(ClientSession session)
    {
        if (_limits.ConnectTimeout <= TimeSpan.Zero)
        {
            return;
        }

        lock (session)
        {
            session.ConnectTimer = time.CreateTimer(
                static s =>
                {
                    var (self, client) = ((Authenticator, ClientSession))s!;
                    self.OnConnectTimeout(client);
                },
                (this, session),
                _limits.ConnectTimeout,
                Timeout.InfiniteTimeSpan);
        }
    }

    public async Task<string> ConnectAsync(ClientSession session, ProtocolRequest request)
    {
        if (session.Connected)
        {
            throw new ProtocolError(ProtocolCodes.Conflict, "already connected");
        }

        var claims = await ClaimsOfAsync(request);
        if (!claims.IsAnonymous)
        {
            // Every authenticated connection is known to its user's grain: the per-user limit, user
            // presence and the server API's per-user actions all read it.
            var connection = new Realtime.Grains.PresenceMember(session.ClientId, claims.User, claims.Info, null, cluster.EdgeId);
            if (!await cluster.TryAddUserConnectionAsync(connection, _limits.MaxConnectionsPerUser))
            {
                LogTooManyConnections(logger, claims.User, _limits.MaxConnectionsPerUser);
                Disconnect(session, ProtocolCodes.TooManyConnections, "too many connections for this user", reconnect: false);
                return string.Empty;
            }

            session.CountedForUser = true;
        }

        var reply = Replies.Ok(request.Id, w =>
        {
            w.WriteString("client"u8, session.ClientId);
            w.WriteString("user"u8, claims.User);
            w.WriteNumber("expires"u8, claims.Expires?.ToUnixTimeSeconds() ?? 0);
        });

        if (!claims.IsAnonymous)
        {
            // From here the SockJS session id belongs to this user: another user's requests get 404.
            session.Connection.BindPrincipal(claims.User);
        }

        lock (session)
        {
            session.Claims = claims;
            session.Connected = true;
            session.ConnectTimer?.Dispose();
            session.ConnectTimer = null;

            // Sent here, before the token timer is armed: a token already inside its refresh lead fires
            // at once, and its refresh-required push must follow the reply that says the client is connected.
            session.Connection.Send(reply);
            Schedule(session);
        }

        if (session.IsClosed)
        {
            // Closed while the token or the user's limit was being checked; the close ran before this was set up.
            OnClosed(session);
        }

        return string.Empty;
    }

    public async Task<string> RefreshAsync(ClientSession session, ProtocolRequest request)
    {
        var token = request.RequiredString("token");
        if (session.Claims.IsAnonymous)
        {
            throw new ProtocolError(ProtocolCodes.BadRequest, "an anonymous connection has no token to refresh");
        }

        var claims = await ValidateAsync(token);
        if (claims.User != session.User)
        {
            throw new ProtocolError(ProtocolCodes.Unauthorized, "the new token is for another user");
        }

        lock (session)
        {
            session.Claims = claims;
            session.Connection.Send(Replies.Ok(request.Id, w => w.WriteNumber("expires"u8, claims.Expires?.ToUnixTimeSeconds() ?? 0)));
            Schedule(session);
        }

        channels.EndWhatIsNoLongerAllowed(session);
        return string.Empty;
    }

    /// <summary>
    /// The user an HTTP-transport request proves with a connection token, sent as <c>Authorization: Bearer</c>
    /// or as the <c>access_token</c> query parameter (which sockjs-client carries from the service URL to every
    /// request); null without a token or with one that does not verify, and the session's address binding applies.
    /// </summary>
    public async ValueTask<string?> PrincipalOfAsync(HttpContext context)
    {
        var request = context.Request;
        var token = request.Query["access_token"].ToString();
        var authorization = request.Headers.Authorization.ToString();
        if (token.Length == 0 && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = authorization["Bearer ".Length..].Trim();
        }

        if (token.Length == 0)
        {
            return null;
        }

        try
        {
            var claims = await tokens.ValidateConnectionAsync(token);
            return claims.IsAnonymous ? null : claims.User;
        }
        catch (TokenRejectedException ex)
        {
            LogRequestTokenRejected(logger, ex.Message);
            return null;
        }
    }

    /// <summary>Undoes what <see cref="ConnectAsync"/> set up, when the connection closes.</summary>
    public void OnClosed(ClientSession session)
    {
        lock (session)
        {
            session.TokenTimer?.Dispose();
            session.ConnectTimer?.Dispose();
        }

        if (session.CountedForUser)
        {
            cluster.RemoveUserConnectionAsync(session.User, session.ClientId).Forget();
        }
    }

    private async Task<ConnectionClaims> ClaimsOfAsync(ProtocolRequest request)
    {
        if (!request.Root.TryGetProperty("token"u8, out var token) || token.ValueKind == System.Text.Json.JsonValueKind.Null)
        {
            return _auth.AllowAnonymous
                ? ConnectionClaims.Anonymous
                : throw new ProtocolError(ProtocolCodes.Unauthorized, "a token is required");
        }

        return token.ValueKind == System.Text.Json.JsonValueKind.String
            ? await ValidateAsync(token.GetString()!)
            : throw new ProtocolError(ProtocolCodes.BadRequest, "\"token\" must be a string");
    }

    private async Task<ConnectionClaims> ValidateAsync(string token)
    {
        try
        {
            return await tokens.ValidateConnectionAsync(token);
        }
        catch (TokenRejectedException ex)
        {
            throw new ProtocolError(ProtocolCodes.Unauthorized, ex.Message);
        }
    }

    private void Schedule(ClientSession session)
    {
        session.TokenTimer?.Dispose();
        session.TokenTimer = null;
        if (session.Claims.Expires is not { } expires)
        {
            return;
        }

        var claims = session.Claims;
        var remind = expires - _auth.RefreshLead - time.GetUtcNow();
        session.TokenTimer = time.CreateTimer(_ => OnTokenTimer(session, claims), null, Clamp(remind), Timeout.InfiniteTimeSpan);
    }

    private void OnTokenTimer(ClientSession session, ConnectionClaims claims)
    {
        // Locked against a refresh that swaps the claims and the timer at the same moment.
        lock (session)
        {
            if (!ReferenceEquals(session.Claims, claims) || claims.Expires is not { } expires)
            {
                return; // Refreshed meanwhile; the new token has its own timer.
            }

            var closeAt = expires + _auth.ClockSkew;
            var now = time.GetUtcNow();
            if (now < closeAt)
            {
                session.Connection.Send(Pushes.RefreshRequired);
                session.TokenTimer?.Change(Clamp(closeAt - now), Timeout.InfiniteTimeSpan);
                return;
            }
        }

        LogTokenExpired(logger, session.ClientId, session.User);
        Disconnect(session, ProtocolCodes.TokenExpired, "token expired", reconnect: false);
    }

    private void OnConnectTimeout(ClientSession session)
    {
        lock (session)
        {
            if (session.Connected)
            {
                return;
            }
        }

        LogConnectTimeout(logger, session.ClientId, session.Connection.RemoteAddress, _limits.ConnectTimeout);
        Disconnect(session, ProtocolCodes.ProtocolViolation, "no connect in time", reconnect: false);
    }

    private static void Disconnect(ClientSession session, int code, string reason, bool reconnect)
    {
        session.Connection.Send(Pushes.Disconnect(code, reason, reconnect));
        session.Connection.Close(code, reason);
    }

    private static TimeSpan Clamp(TimeSpan due) => due < TimeSpan.Zero ? TimeSpan.Zero : due;

    [LoggerMessage(EventId = 310, Level = LogLevel.Information, Message = "Client {ClientId} of user {User} closed: its token expired without a refresh")]
    private static partial void LogTokenExpired(ILogger logger, string clientId, string user);

    [LoggerMessage(EventId = 313, Level = LogLevel.Information, Message = "Client {ClientId} from {Address} closed: no successful connect within {Timeout}")]
    private static partial void LogConnectTimeout(ILogger logger, string clientId, System.Net.IPAddress? address, TimeSpan timeout);

    [LoggerMessage(EventId = 312, Level = LogLevel.Debug, Message = "A session request's token did not verify ({Reason}); the session's address binding applies")]
    private static partial void LogRequestTokenRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 311, Level = LogLevel.Information, Message = "User {User} refused a connection: already at {Max} connections")]
    private static partial void LogTooManyConnections(ILogger logger, string user, int max);
}
