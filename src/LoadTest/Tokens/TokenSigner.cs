using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Realtime.LoadTest.Tokens;

/// <summary>
/// Signs HS256 connection tokens the way the edge's token tool does (<c>sub</c>, <c>exp</c>, <c>caps</c>, optional
/// <c>aud</c>/<c>iss</c>), one user per connection (<c>load-&lt;index&gt;</c>), so the edge checks a real signature for
/// every connect and refresh.
/// </summary>
internal sealed class TokenSigner
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials _credentials;
    private readonly Dictionary<string, object>? _caps;
    private readonly string? _audience;
    private readonly string? _issuer;
    private readonly TimeSpan _ttl;

    public TokenSigner(string secret, string? audience, string? issuer, string? caps, TimeSpan ttl)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        if (bytes.Length < 32)
        {
            throw new ArgumentException($"--token-secret has {bytes.Length} bytes; HS256 needs at least 32");
        }

        _credentials = new SigningCredentials(new SymmetricSecurityKey(bytes) { KeyId = "hmac" }, SecurityAlgorithms.HmacSha256);
        _audience = audience;
        _issuer = issuer;
        _ttl = ttl;
        _caps = caps is null ? null : ParseCaps(caps);
    }

    /// <summary>A fresh token for the connection with this index (user <c>load-&lt;index&gt;</c>).</summary>
    public string For(int index) => ForUser("load-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A fresh token for <paramref name="user"/>.</summary>
    public string ForUser(string user)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object> { ["sub"] = user };
        if (_caps is not null)
        {
            claims["caps"] = _caps;
        }

        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + _ttl,
            Audience = _audience,
            Issuer = _issuer,
            SigningCredentials = _credentials,
        });
    }

    /// <summary><c>PATTERN=op,op;PATTERN=op</c>, as the token tool's <c>--caps</c>.</summary>
    private static Dictionary<string, object> ParseCaps(string text)
    {
        var caps = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var entry in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            var ops = equals <= 0 ? [] : entry[(equals + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (ops.Length == 0)
            {
                throw new ArgumentException($"--token-caps entry \"{entry}\" is not PATTERN=op,op");
            }

            caps[entry[..equals]] = ops;
        }

        return caps;
    }
}
