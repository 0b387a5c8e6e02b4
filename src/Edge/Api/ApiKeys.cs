using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Realtime.Edge.Api;

/// <summary>
/// Finds the configured key a caller presented. The comparison takes the same time whatever the
/// presented key and whichever key it matches: digests of equal length, every key compared.
/// </summary>
internal sealed class ApiKeys(IOptions<ApiOptions> options)
{
    private readonly ApiKey[] _keys = [.. options.Value.Keys.Select((k, i) => new ApiKey(i, Digest(k.Key), k.Namespaces))];

    public int Count => _keys.Length;

    /// <summary>The key that matches <paramref name="presented"/>, or null.</summary>
    public ApiKey? Find(string presented)
    {
        var digest = Digest(presented);
        ApiKey? found = null;
        foreach (var key in _keys)
        {
            // No early exit: which key matched must not show in the time taken.
            if (CryptographicOperations.FixedTimeEquals(digest, key.Digest))
            {
                found = key;
            }
        }

        return found;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
