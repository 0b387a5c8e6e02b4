using System.Globalization;

namespace Realtime.TestKit;

/// <summary>
/// An absolute URL split without any normalisation: unlike <see cref="Uri"/>, <c>/./</c>, <c>//</c>
/// and percent escapes in the path stay exactly as written, which the protocol tests need.
/// </summary>
public sealed record RawUrl(string Scheme, string Host, int Port, string Target)
{
    /// <summary>Splits <c>scheme://host[:port]/path?query</c>; the target is everything from the first <c>/</c> after the authority.</summary>
    public static RawUrl Parse(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            throw new ArgumentException($"Not an absolute URL: {url}", nameof(url));
        }

        var scheme = url[..schemeEnd].ToLowerInvariant();
        var rest = url[(schemeEnd + 3)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? rest : rest[..slash];
        var target = slash < 0 ? "/" : rest[slash..];
        var colon = authority.LastIndexOf(':');
        var host = colon < 0 ? authority : authority[..colon];
        var port = colon < 0
            ? scheme is "https" or "wss" ? 443 : 80
            : int.Parse(authority[(colon + 1)..], CultureInfo.InvariantCulture);
        return new RawUrl(scheme, host, port, target);
    }

    /// <summary><c>host:port</c>, as sent in the <c>Host</c> header.</summary>
    public string Authority => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";
}
