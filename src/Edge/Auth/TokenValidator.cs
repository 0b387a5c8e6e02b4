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

        using var payload = Payload(jwt);
        var caps = Claim(payload, "caps") is { } c ? Parse(() => Capabilities.Parse(c)) : Capabilities.None;
        return new ConnectionClaims(user, Expiry(jwt), Claim(payload, "info")?.GetRawText(), caps);
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
        using var payload = Payload(jwt);
        var ops = ChannelOps.Subscribe;
        if (Claim(payload, "caps") is { } caps)
        {
            ops |= Parse(() => Capabilities.ParseOps(caps, channel));
        }

        return new SubscriptionClaims(expires, Claim(payload, "info")?.GetRawText(), ops);
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

    // The handler verified the payload; it is read once more as JSON for the object claims (caps, info).
    private static JsonDocument Payload(JsonWebToken jwt) => JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload));

    private static JsonElement? Claim(JsonDocument payload, string name) =>
        payload.RootElement.TryGetProperty(name, out var value) ? value : null;

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
