using System.Buffers;
using System.Text;

namespace Realtime.Edge.SockJs.FastPath;

/// <summary>
/// The few facts of an HTTP/1.1 request head the fast path needs. Parsing is strict: anything
/// unusual (other method or version, folded or duplicate key headers, a body) makes the request
/// ineligible, and it goes to Kestrel's HTTP stack unchanged.
/// </summary>
internal sealed class UpgradeRequest
{
    public string Path { get; private set; } = string.Empty;

    public string? Upgrade { get; private set; }

    public string? Connection { get; private set; }

    public string? Key { get; private set; }

    public string? Version { get; private set; }

    public string? Origin { get; private set; }

    public string? Host { get; private set; }

    public bool HasBody { get; private set; }

    public bool HasHixieKeys { get; private set; }

    /// <summary>Whether a proxy named the client's address (<c>X-Forwarded-For</c>), which only the HTTP stack knows whether to believe.</summary>
    public bool HasForwardedFor { get; private set; }

    /// <summary>Whether the request names a hybi-07/08 <c>Sec-WebSocket-Origin</c>, judged by the HTTP stack.</summary>
    public bool HasDraftOrigin { get; private set; }

    /// <summary>Parses a complete request head (ending with an empty line); null when it is not a plain GET.</summary>
    public static UpgradeRequest? Parse(ReadOnlySequence<byte> head)
    {
        if (head.Length > FastPathLimits.MaxHeadBytes)
        {
            return null;
        }

        var text = Encoding.Latin1.GetString(head);
        var lines = text.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || requestLine[0] != "GET" || requestLine[2] != "HTTP/1.1")
        {
            return null;
        }

        var target = requestLine[1];
        var query = target.IndexOf('?', StringComparison.Ordinal);
        var request = new UpgradeRequest { Path = query < 0 ? target : target[..query] };
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line[0] is ' ' or '\t')
            {
                return null;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim();
            if (!request.Set(name, value))
            {
                return null;
            }
        }

        return request;
    }

    /// <summary>Records a header; false for a duplicate key header, which is ambiguous and left to the HTTP stack.</summary>
    private bool Set(string name, string value)
    {
        var unique = true;
        if (Is(name, "Upgrade"))
        {
            unique = Upgrade is null;
            Upgrade = value;
        }
        else if (Is(name, "Connection"))
        {
            unique = Connection is null;
            Connection = value;
        }
        else if (Is(name, "Sec-WebSocket-Key"))
        {
            unique = Key is null;
            Key = value;
        }
        else if (Is(name, "Sec-WebSocket-Version"))
        {
            unique = Version is null;
            Version = value;
        }
        else if (Is(name, "Origin"))
        {
            unique = Origin is null;
            Origin = value;
        }
        else if (Is(name, "Host"))
        {
            unique = Host is null;
            Host = value;
        }
        else if (Is(name, "Content-Length") || Is(name, "Transfer-Encoding"))
        {
            HasBody = true;
        }
        else if (Is(name, "X-Forwarded-For"))
        {
            HasForwardedFor = true;
        }
        else if (Is(name, "Sec-WebSocket-Origin"))
        {
            HasDraftOrigin = true;
        }
        else if (Is(name, "Sec-WebSocket-Key1") || Is(name, "Sec-WebSocket-Key2"))
        {
            HasHixieKeys = true;
        }

        return unique;
    }

    private static bool Is(string name, string expected) => name.Equals(expected, StringComparison.OrdinalIgnoreCase);
}
