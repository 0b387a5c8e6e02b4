namespace Realtime.Edge.Auth;

/// <summary>How connection and subscription tokens are checked, from the <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Auth";

    /// <summary>Shared secret for HS256 tokens, at least 32 bytes of UTF-8. Leave empty to accept only public-key tokens.</summary>
    public string? HmacSecret { get; set; }

    /// <summary>
    /// Files with public keys for RS256 and ES256 tokens: PEM (<c>-----BEGIN PUBLIC KEY-----</c>) or a
    /// JWKS document (<c>{"keys":[...]}</c>). Several are allowed, for key rotation.
    /// </summary>
    public string[] PublicKeys { get; set; } = [];

    /// <summary>When set, tokens must carry this <c>aud</c>.</summary>
    public string? Audience { get; set; }

    /// <summary>When set, tokens must carry this <c>iss</c>.</summary>
    public string? Issuer { get; set; }

    /// <summary>Whether <c>connect</c> without a token is allowed (an anonymous user, empty <c>user</c>). <value>Default false.</value></summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Tolerated difference between the app backend's clock and ours for <c>exp</c> and <c>nbf</c>. <value>Default 30 s.</value></summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long before a connection token's <c>exp</c> the server pushes <c>refresh-required</c>. <value>Default 60 s.</value></summary>
    public TimeSpan RefreshLead { get; set; } = TimeSpan.FromSeconds(60);
}
