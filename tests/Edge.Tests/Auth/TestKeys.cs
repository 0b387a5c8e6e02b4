using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Realtime.Edge.Tests.Auth;

/// <summary>Key files for token tests in a temporary folder: an RSA key (PEM) and an EC key (JWKS), deleted on dispose.</summary>
public sealed class TestKeys : IDisposable
{
    public const string Secret = "unit-test-secret-of-at-least-thirty-two-bytes";

    public TestKeys()
    {
        Directory.CreateDirectory(Folder);
        using var rsa = RSA.Create(2048);
        File.WriteAllText(RsaPublicPem, rsa.ExportSubjectPublicKeyInfoPem());
        File.WriteAllText(RsaPrivatePem, rsa.ExportPkcs8PrivateKeyPem());
        using var otherRsa = RSA.Create(2048);
        File.WriteAllText(OtherRsaPrivatePem, otherRsa.ExportPkcs8PrivateKeyPem());
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var p = ec.ExportParameters(false);
        File.WriteAllText(EcJwks, $$"""{"keys":[{"kty":"EC","crv":"P-256","use":"sig","kid":"ec-1","x":"{{Base64UrlEncoder.Encode(p.Q.X)}}","y":"{{Base64UrlEncoder.Encode(p.Q.Y)}}"}]}""");
        File.WriteAllText(EcPrivatePem, ec.ExportPkcs8PrivateKeyPem());
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "realtime-keys-" + Guid.NewGuid().ToString("N"));

    public string RsaPublicPem => Path.Combine(Folder, "rsa.pub.pem");

    public string RsaPrivatePem => Path.Combine(Folder, "rsa.key.pem");

    public string OtherRsaPrivatePem => Path.Combine(Folder, "other-rsa.key.pem");

    public string EcJwks => Path.Combine(Folder, "ec.jwks.json");

    public string EcPrivatePem => Path.Combine(Folder, "ec.key.pem");

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
