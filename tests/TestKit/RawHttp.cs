using System.Net;
using System.Text;

namespace Realtime.TestKit;

/// <summary>
/// One-shot HTTP requests over a fresh <see cref="RawHttpConnection"/> each, written byte for byte as
/// given (no added headers but <c>Host</c>, no path normalisation), with every read under a deadline.
/// </summary>
public static class RawHttp
{
    /// <summary>GET <paramref name="url"/> and read the whole response.</summary>
    public static Task<RawHttpResponse> GetAsync(string url, params (string Name, string Value)[] headers) =>
        SendAsync("GET", url, headers);

    /// <summary>POST <paramref name="body"/> (UTF-8; null sends no body and no Content-Length) and read the whole response.</summary>
    public static Task<RawHttpResponse> PostAsync(string url, string? body = null, params (string Name, string Value)[] headers) =>
        SendAsync("POST", url, headers, body is null ? null : Encoding.UTF8.GetBytes(body));

    /// <summary>OPTIONS <paramref name="url"/> and read the whole response.</summary>
    public static Task<RawHttpResponse> OptionsAsync(string url, params (string Name, string Value)[] headers) =>
        SendAsync("OPTIONS", url, headers);

    /// <summary>Sends one request on a new connection, reads the whole response, closes the connection.</summary>
    public static async Task<RawHttpResponse> SendAsync(
        string method,
        string url,
        IEnumerable<(string Name, string Value)>? headers = null,
        byte[]? body = null,
        string httpVersion = "1.1",
        TimeSpan? timeout = null)
    {
        var target = RawUrl.Parse(url).Target;
        await using var connection = await RawHttpConnection.ConnectAsync(url, timeout);
        var head = await connection.RequestHeadAsync(method, target, headers, body, httpVersion);
        return await connection.ReadBodyAsync(head, $"body of {method} {target}", method == "HEAD");
    }

    /// <summary>Like <see cref="SendAsync"/>, from another client address (<paramref name="from"/>, a loopback address such as 127.0.0.2).</summary>
    public static async Task<RawHttpResponse> SendFromAsync(
        IPAddress from,
        string method,
        string url,
        IEnumerable<(string Name, string Value)>? headers = null,
        string? body = null)
    {
        var target = RawUrl.Parse(url).Target;
        await using var connection = await RawHttpConnection.ConnectAsync(url, localAddress: from);
        var head = await connection.RequestHeadAsync(method, target, headers, body is null ? null : Encoding.UTF8.GetBytes(body));
        return await connection.ReadBodyAsync(head, $"body of {method} {target} from {from}", method == "HEAD");
    }

    /// <summary>
    /// Sends one request on its own connection without waiting for the answer (a long poll, say):
    /// returns the connection and a task for the whole response, read under the connection's
    /// deadline. Disposing the connection aborts the request. The caller disposes the connection.
    /// </summary>
    public static async Task<(RawHttpConnection Connection, Task<RawHttpResponse> Response)> BeginAsync(
        string method,
        string url,
        IEnumerable<(string Name, string Value)>? headers = null,
        byte[]? body = null,
        TimeSpan? timeout = null)
    {
        var target = RawUrl.Parse(url).Target;
        var connection = await RawHttpConnection.ConnectAsync(url, timeout);
        try
        {
            await connection.WriteRequestAsync(method, target, headers, body);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return (connection, ReadAsync());

        async Task<RawHttpResponse> ReadAsync()
        {
            var head = await connection.ReadHeadAsync($"response to {method} {target}");
            return await connection.ReadBodyAsync(head, $"body of {method} {target}");
        }
    }

    /// <summary>
    /// Sends one request and reads only the response head, leaving the connection open so the caller
    /// can read a streaming body chunk by chunk. The caller disposes the connection.
    /// </summary>
    public static async Task<(RawHttpConnection Connection, RawHttpResponse Head)> StartAsync(
        string method,
        string url,
        IEnumerable<(string Name, string Value)>? headers = null,
        byte[]? body = null,
        string httpVersion = "1.1",
        TimeSpan? timeout = null)
    {
        var target = RawUrl.Parse(url).Target;
        var connection = await RawHttpConnection.ConnectAsync(url, timeout);
        try
        {
            var head = await connection.RequestHeadAsync(method, target, headers, body, httpVersion);
            return (connection, head);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
