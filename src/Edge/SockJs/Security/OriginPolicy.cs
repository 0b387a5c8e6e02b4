using System.Globalization;

namespace Realtime.Edge.SockJs.Security;

/// <summary>
/// Which page origins may use a service, compiled once from <see cref="SockJsOptions.AllowedOrigins"/>:
/// the service's own origin always, plus the listed ones. Browsers name the page's origin in
/// <c>Origin</c> (hybi-07/08: <c>Sec-WebSocket-Origin</c>); requests that carry neither but a
/// <c>Referer</c>, such as the script loads of JSONP, are judged by the Referer's origin.
/// </summary>
internal sealed class OriginPolicy
{
    private readonly HashSet<(string Scheme, string Host, int Port)> _exact = [];
    private readonly List<(string Scheme, string Suffix, int Port)> _subdomains = [];
    private bool _null;

    private OriginPolicy()
    {
    }

    /// <summary>Whether every origin is allowed (the entry <c>*</c>).</summary>
    public bool AllowsAny { get; private set; }

    /// <summary>Compiles the entries; they were checked by <see cref="IsValidEntry"/> at start-up.</summary>
    public static OriginPolicy Create(IEnumerable<string> entries)
    {
        var policy = new OriginPolicy();
        foreach (var raw in entries)
        {
            var entry = raw.Trim();
            if (entry == "*")
            {
                policy.AllowsAny = true;
            }
            else if (entry.Equals("null", StringComparison.OrdinalIgnoreCase))
            {
                policy._null = true;
            }
            else if (TryParse(entry, allowWildcard: true, out var scheme, out var host, out var port))
            {
                if (host.StartsWith("*.", StringComparison.Ordinal))
                {
                    policy._subdomains.Add((scheme, host[1..], port));
                }
                else
                {
                    policy._exact.Add((scheme, host, port));
                }
            }
        }

        return policy;
    }

    /// <summary>Whether <paramref name="entry"/> is <c>*</c>, <c>null</c>, <c>scheme://host[:port]</c> or <c>scheme://*.domain[:port]</c>.</summary>
    public static bool IsValidEntry(string? entry)
    {
        if (string.IsNullOrWhiteSpace(entry))
        {
            return false;
        }

        entry = entry.Trim();
        return entry == "*" || entry.Equals("null", StringComparison.OrdinalIgnoreCase) || TryParse(entry, allowWildcard: true, out _, out _, out _);
    }

    /// <summary>
    /// Judges the request's origin against the policy and the request's own host. The Referer stands in
    /// for a missing Origin on HTTP requests only: browsers always name the origin of a WebSocket handshake.
    /// </summary>
    public OriginVerdict Check(HttpRequest request, bool webSocket, out string? origin)
    {
        origin = OriginOf(request, useReferer: !webSocket);
        if (origin is null)
        {
            return OriginVerdict.Absent;
        }

        return Allows(origin, request.Host.Value, request.IsHttps) ? OriginVerdict.Allowed : OriginVerdict.Refused;
    }

    /// <summary>
    /// Whether <paramref name="origin"/> may use the service reached at <paramref name="host"/> (the Host
    /// header). Same origin compares host and port; the scheme only when the request came over TLS,
    /// since a TLS-terminating proxy hands on https pages' requests as plain http.
    /// </summary>
    public bool Allows(string origin, string? host, bool https)
    {
        if (AllowsAny)
        {
            return true;
        }

        if (origin.Equals("null", StringComparison.OrdinalIgnoreCase))
        {
            return _null;
        }

        if (!TryParse(origin, allowWildcard: false, out var scheme, out var name, out var port))
        {
            return false;
        }

        if (IsSameOrigin(scheme, name, port, host, https) || _exact.Contains((scheme, name, port)))
        {
            return true;
        }

        foreach (var (wildScheme, suffix, wildPort) in _subdomains)
        {
            if (wildScheme == scheme && wildPort == port && name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The origin the request names: <c>Origin</c>, the hybi-07/08 header, else the Referer's origin.</summary>
    private static string? OriginOf(HttpRequest request, bool useReferer)
    {
        var headers = request.Headers;
        var origin = headers.Origin.ToString();
        if (origin.Length == 0)
        {
            origin = headers["Sec-WebSocket-Origin"].ToString();
        }

        if (origin.Length > 0)
        {
            return origin.Trim();
        }

        var referer = useReferer ? headers.Referer.ToString() : string.Empty;
        if (referer.Length > 0 && Uri.TryCreate(referer, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri.GetLeftPart(UriPartial.Authority);
        }

        return null;
    }

    private static bool IsSameOrigin(string scheme, string name, int port, string? host, bool https)
    {
        if (string.IsNullOrEmpty(host) || (https && scheme != "https"))
        {
            return false;
        }

        var (hostName, hostPort) = SplitHost(host);
        if (!hostName.Equals(name, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // A Host without a port was reached on a default port, which one depends on proxies before us.
        return hostPort is { } explicitPort ? explicitPort == port : port is 80 or 443;
    }

    private static (string Name, int? Port) SplitHost(string host)
    {
        var colon = host.LastIndexOf(':');
        var bracket = host.LastIndexOf(']');
        if (colon > bracket && int.TryParse(host.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return (host[..colon], port);
        }

        return (host, null);
    }

    /// <summary>Parses <c>scheme://host[:port]</c> with nothing after it, lower-cased, the port defaulted from the scheme.</summary>
    private static bool TryParse(string value, bool allowWildcard, out string scheme, out string host, out int port)
    {
        scheme = host = string.Empty;
        port = -1;
        var separator = value.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0)
        {
            return false;
        }

        scheme = value[..separator].ToLowerInvariant();
        foreach (var c in scheme)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                return false;
            }
        }

        var authority = value[(separator + 3)..];
        if (authority.Length == 0 || authority.IndexOfAny(['/', '?', '#', '@', ' ']) >= 0)
        {
            return false;
        }

        var (name, explicitPort) = SplitHost(authority);
        if (authority.EndsWith(':') || (explicitPort is { } p && (p < 1 || p > 65535)))
        {
            return false;
        }

        var wildcard = allowWildcard && name.StartsWith("*.", StringComparison.Ordinal);
        var plain = wildcard ? name[2..] : name;
        if (plain.Length == 0 || plain.Contains('*') || Uri.CheckHostName(plain.Trim('[', ']')) == UriHostNameType.Unknown)
        {
            return false;
        }

        host = name.ToLowerInvariant();
        port = explicitPort ?? scheme switch
        {
            "http" or "ws" => 80,
            "https" or "wss" => 443,
            _ => -1,
        };
        return true;
    }
}
