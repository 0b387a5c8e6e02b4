using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Realtime.Edge.SockJs.Security;

/// <summary>
/// The client address an edge vouches for when it forwards a session request to the edge that owns the
/// session: <c>address;unix-seconds;HMAC-SHA256</c> over those and the request line, keyed with
/// <see cref="SockJsOptions.ForwardingSecret"/>. Anyone can send the header; only a valid, fresh one is believed.
/// </summary>
internal sealed class ForwardedClient
{
    /// <summary>The request header carrying the vouched address.</summary>
    public const string Header = "X-Realtime-Client";

    // A forwarded request reaches its owner at once; the slack covers clocks that differ a little.
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(60);

    // Without a shared secret, nothing another process signs verifies here: forwarded requests then
    // count as the forwarding edge's.
    private static readonly byte[] ProcessKey = RandomNumberGenerator.GetBytes(32);

    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public ForwardedClient(string? secret, TimeProvider time)
    {
        _key = string.IsNullOrEmpty(secret) ? ProcessKey : Encoding.UTF8.GetBytes(secret);
        _time = time;
    }

    /// <summary>The header value vouching that <paramref name="address"/> sent <paramref name="method"/> <paramref name="target"/>.</summary>
    public string Sign(IPAddress? address, string method, string target)
    {
        var text = (address ?? IPAddress.None).ToString();
        var seconds = _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return text + ";" + seconds + ";" + Mac(text, seconds, method, target);
    }

    /// <summary>The client address of the request: a valid vouched address, else the peer's.</summary>
    public IPAddress? AddressOf(HttpContext context)
    {
        var peer = Normalize(context.Connection.RemoteIpAddress);
        var value = context.Request.Headers[Header].ToString();
        if (value.Length == 0)
        {
            return peer;
        }

        var parts = value.Split(';');
        if (parts.Length != 3
            || !IPAddress.TryParse(parts[0], out var claimed)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return peer;
        }

        var age = _time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Min(seconds, DateTimeOffset.MaxValue.ToUnixTimeSeconds()));
        var request = context.Request;
        var expected = Mac(parts[0], parts[1], request.Method, TargetOf(request));
        var valid = age.Duration() <= Freshness
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parts[2]));
        return valid ? Normalize(claimed) : peer;
    }

    /// <summary>The path and query a forwarded request is signed over, as the forwarder and the owner both see it.</summary>
    public static string TargetOf(HttpRequest request) => (request.PathBase + request.Path).ToUriComponent() + request.QueryString.ToUriComponent();

    private static IPAddress? Normalize(IPAddress? address) =>
        address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;

    private string Mac(string address, string seconds, string method, string target)
    {
        var data = Encoding.UTF8.GetBytes(address + "\n" + seconds + "\n" + method + "\n" + target);
        return Convert.ToBase64String(HMACSHA256.HashData(_key, data));
    }
}
