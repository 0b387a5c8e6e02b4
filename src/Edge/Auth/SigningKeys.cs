using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Realtime.Edge.Auth;

/// <summary>The keys tokens may be signed with, loaded once from <see cref="AuthOptions"/>.</summary>
internal static class SigningKeys
{
    /// <summary>Smallest HMAC secret: HS256 needs a key of at least 256 bits.</summary>
    public const int MinimumSecretBytes = 32;

    /// <summary>Loads every configured key; throws <see cref="InvalidOperationException"/> naming the bad one.</summary>
    public static IReadOnlyList<SecurityKey> Load(AuthOptions options)
    {
        var keys = new List<SecurityKey>();
        if (!string.IsNullOrEmpty(options.HmacSecret))
        {
            keys.Add(Hmac(options.HmacSecret));
        }

        foreach (var path in options.PublicKeys)
        {
            keys.AddRange(LoadFile(path));
        }

        return keys;
    }

    public static SymmetricSecurityKey Hmac(string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        if (bytes.Length < MinimumSecretBytes)
        {
            throw new InvalidOperationException($"Auth:HmacSecret has {bytes.Length} bytes; HS256 needs at least {MinimumSecretBytes}.");
        }

        return new SymmetricSecurityKey(bytes) { KeyId = "hmac" };
    }

    private static IEnumerable<SecurityKey> LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Auth:PublicKeys: cannot read \"{path}\": {ex.Message}", ex);
        }

        try
        {
            if (text.TrimStart().StartsWith('{'))
            {
                var set = new JsonWebKeySet(text);
                var keys = set.GetSigningKeys();
                return keys.Count > 0 ? keys : throw new InvalidOperationException("it holds no signing keys");
            }

            return [FromPem(text, Path.GetFileName(path))];
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException or InvalidOperationException or System.Text.Json.JsonException)
        {
            throw new InvalidOperationException($"Auth:PublicKeys: \"{path}\" is neither a PEM public key nor a JWKS document: {ex.Message}", ex);
        }
    }

    /// <summary>An RSA or EC key, public or private, from PEM text; throws when it is neither.</summary>
    public static AsymmetricSecurityKey FromPem(string pem, string? keyId)
    {
        // The PEM label does not always tell RSA from EC (PKCS#8 "PRIVATE KEY", SPKI "PUBLIC KEY"): try RSA, then EC.
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa) { KeyId = keyId };
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec) { KeyId = keyId };
        }
    }
}
