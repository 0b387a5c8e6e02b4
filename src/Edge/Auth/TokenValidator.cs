using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Realtime.Edge.Auth;

/// <summary>
/// Checks connection and subscription tokens with Microsoft.IdentityModel: signature (HS256, RS256,
/// ES256 only; <c>alg: none</c> never passes), lifetime with the configured skew, and audience and
/// issuer when configured. Only the project's own claims (<c>caps</c>, <c>info</c>, <c>channel</c>) are read here.
/// </summary>
internal sealed class TokenValidator
{
    private static readonly string[] Algorithms = [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];

    private readonly JsonWebTokenHandler _handler = new() { MaximumTokenSizeInBytes = 16 * 1024 };
    private readonly TokenValidationParameters _parameters;
    private readonly bool _hasKeys;

    public TokenValidator(IOptions<AuthOptions> options)
    {
        var o = options.Value;
        var keys = SigningKeys.Load(o);
        _hasKeys = keys.Count > 0;
        _parameters = new TokenValidationParameters
        {
            IssuerSigningKeys = keys,
            ValidAlgorithms = Algorithms,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            ValidateLifetime = true,
            RequireExpirationTime = false,
            ClockSkew = o.ClockSkew,
            ValidateAudience = !string.IsNullOrEmpty(o.Audience),
            ValidAudience = o.Audience,
            ValidateIssuer = !string.IsNullOrEmpty(o.Issuer),
            ValidIssuer = o.Issuer,
            NameClaimType = "sub",
        };
    }

    /// <summary>Validates a connection token; throws <see cref="TokenRejectedException"/>.</summary>
    public async Task<ConnectionClaims> ValidateConnectionAsync(string token)
    {
        var jwt = await ValidateAsync(token, _parameters);
        if (jwt.TryGetPayloadValue<string>("channel", out _))
        {
            throw new TokenRejectedException("a subscription token cannot be used to connect");
        }

        var user = jwt.Subject;
        if (string.IsNullOrEmpty(user))
        {
            throw new TokenRejectedException("token has no \"sub\"");
        }

        return new ConnectionClaims(user, Expiry(jwt), Info(jwt), ReadCapabilities(jwt));
    }

    /// <summary>Validates a subscription token for <paramref name="user"/> on <paramref name="channel"/>; throws <see cref="TokenRejectedException"/>.</summary>
    public async Task<SubscriptionClaims> ValidateSubscriptionAsync(string token, string user, string channel)
    {
        var jwt = await ValidateAsync(token, _parameters);
        if (!jwt.TryGetPayloadValue<string>("channel", out var tokenChannel) || tokenChannel != channel)
        {
            throw new TokenRejectedException("subscription token is for another channel");
        }

        if (jwt.Subject != user)
        {
            throw new TokenRejectedException("subscription token is for another user");
        }

        var expires = Expiry(jwt) ?? throw new TokenRejectedException("subscription token has no \"exp\"");
        var ops = ChannelOps.Subscribe;
        if (TryGetJson(jwt, "caps", out var caps))
        {
            ops |= Parse(() => Capabilities.ParseOps(caps, channel));
        }

        return new SubscriptionClaims(expires, Info(jwt), ops);
    }

    private async Task<JsonWebToken> ValidateAsync(string token, TokenValidationParameters parameters)
    {
        if (!_hasKeys)
        {
            throw new TokenRejectedException("this server accepts no tokens (no keys configured)");
        }

        TokenValidationResult result;
        try
        {
            result = await _handler.ValidateTokenAsync(token, parameters);
        }
        catch (ArgumentException)
        {
            throw new TokenRejectedException("token malformed");
        }

        if (!result.IsValid)
        {
            throw new TokenRejectedException(Reason(result.Exception));
        }

        return (JsonWebToken)result.SecurityToken;
    }

    private static string Reason(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "token expired",
        SecurityTokenNotYetValidException => "token not yet valid",
        SecurityTokenInvalidAudienceException => "token audience invalid",
        SecurityTokenInvalidIssuerException => "token issuer invalid",
        SecurityTokenInvalidAlgorithmException => "token algorithm not allowed",
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "token signature invalid",
        SecurityTokenMalformedException or ArgumentException => "token malformed",
        SecurityTokenInvalidLifetimeException => "token lifetime invalid",
        _ => "token invalid",
    };

    private static DateTimeOffset? Expiry(JsonWebToken jwt) =>
        jwt.TryGetPayloadValue<long>("exp", out var exp) ? DateTimeOffset.FromUnixTimeSeconds(exp) : null;

    private static string? Info(JsonWebToken jwt) => TryGetJson(jwt, "info", out var info) ? info.GetRawText() : null;

    private static Capabilities ReadCapabilities(JsonWebToken jwt) =>
        TryGetJson(jwt, "caps", out var caps) ? Parse(() => Capabilities.Parse(caps)) : Capabilities.None;

    private static bool TryGetJson(JsonWebToken jwt, string claim, out JsonElement value)
    {
        // The payload was already decoded and verified by the handler; re-read it as JSON for the object claims.
        value = default;
        if (!jwt.TryGetPayloadValue<object>(claim, out _))
        {
            return false;
        }

        using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload));
        if (!payload.RootElement.TryGetProperty(claim, out var element))
        {
            return false;
        }

        value = element.Clone();
        return true;
    }

    private static T Parse<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (FormatException ex)
        {
            throw new TokenRejectedException("token " + ex.Message);
        }
    }
}
