using System.Text;

namespace Realtime.TestKit;

/// <summary>
/// A response read off the wire by <see cref="RawHttpConnection"/>: status line and headers exactly as
/// sent (names compared case-insensitively), and the body once it has been read.
/// </summary>
public sealed class RawHttpResponse
{
    internal RawHttpResponse(string httpVersion, int statusCode, string reasonPhrase, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        HttpVersion = httpVersion;
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        Headers = headers;
    }

    /// <summary>Version from the status line, such as <c>1.1</c>.</summary>
    public string HttpVersion { get; }

    /// <summary>Status code from the status line.</summary>
    public int StatusCode { get; }

    /// <summary>Reason phrase from the status line.</summary>
    public string ReasonPhrase { get; }

    /// <summary>Every header line in the order received.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>Body bytes (de-chunked); empty when only the head was read or there was no body.</summary>
    public byte[] Body { get; internal set; } = [];

    /// <summary>The body decoded as UTF-8.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>
    /// The value of header <paramref name="name"/> (case-insensitive), several occurrences joined with
    /// <c>", "</c>, or null when absent.
    /// </summary>
    public string? this[string name]
    {
        get
        {
            var values = HeaderValues(name);
            return values.Count == 0 ? null : string.Join(", ", values);
        }
    }

    /// <summary>All values of header <paramref name="name"/> (case-insensitive), in order.</summary>
    public IReadOnlyList<string> HeaderValues(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();

    /// <summary>Whether header <paramref name="name"/> is present at all (even with an empty value).</summary>
    public bool HasHeader(string name) =>
        Headers.Any(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Status line, headers and (truncated) body, for assertion messages.</summary>
    public string Describe()
    {
        var sb = new StringBuilder();
        sb.Append("HTTP/").Append(HttpVersion).Append(' ').Append(StatusCode).Append(' ').Append(ReasonPhrase).Append('\n');
        foreach (var (k, v) in Headers)
        {
            sb.Append(k).Append(": ").Append(v).Append('\n');
        }

        var body = BodyText;
        sb.Append('\n').Append(body.Length > 300 ? body[..300] + "..." : body);
        return sb.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Describe();
}
