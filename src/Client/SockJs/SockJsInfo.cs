using System.Diagnostics;
using System.Text.Json;

namespace Realtime.Client.SockJs;

/// <summary>What <c>GET /info</c> said, and how long it took (sockjs-client bases its open timeout on it).</summary>
internal sealed record SockJsInfo(bool WebSocket, TimeSpan RoundTrip)
{
    /// <summary>Fetches and reads <c>base/info</c>; throws <see cref="SockJsException"/> naming what went wrong.</summary>
    public static async Task<SockJsInfo> FetchAsync(HttpClient http, string baseUrl, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var url = baseUrl + "/info";
        var started = time.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        byte[] body;
        try
        {
            using var response = await http.GetAsync(url, deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new SockJsException($"GET {url} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            body = await response.Content.ReadAsByteArrayAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SockJsException($"GET {url} did not answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            throw new SockJsException($"GET {url} failed: {ex.Message}", ex);
        }

        var roundTrip = time.GetElapsedTime(started);
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new SockJsException($"GET {url} answered {Excerpt(body)}, not a JSON object");
            }

            // sockjs-client treats anything but an explicit false as "websocket allowed".
            var webSocket = !(root.TryGetProperty("websocket", out var ws) && ws.ValueKind == JsonValueKind.False);
            return new SockJsInfo(webSocket, roundTrip);
        }
        catch (JsonException ex)
        {
            throw new SockJsException($"GET {url} answered {Excerpt(body)}, not JSON", ex);
        }
    }

    /// <summary>sockjs-client's retransmission timeout: 4 × RTT on slow links, else 300 ms + RTT.</summary>
    public TimeSpan RetransmissionTimeout => RoundTrip > TimeSpan.FromMilliseconds(100) ? RoundTrip * 4 : TimeSpan.FromMilliseconds(300) + RoundTrip;

    [StackTraceHidden]
    private static string Excerpt(byte[] body) =>
        JsonSerializer.Serialize(System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 80)));
}
