using System.Buffers;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Realtime.Grains.Webhooks;

/// <summary>
/// Sends one batch as one signed POST: <c>{"events":[{"id","name","time","data"}]}</c> with
/// <c>X-Realtime-Signature: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c>. A retry sends the same ids.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory http, IOptions<WebhookOptions> options)
{
    /// <summary>The named HttpClient the sender uses.</summary>
    public const string HttpClientName = "realtime-webhooks";

    /// <summary>The signature header.</summary>
    public const string SignatureHeader = "X-Realtime-Signature";

    private readonly WebhookOptions _options = options.Value;
    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.Secret ?? string.Empty);

    /// <summary>Posts <paramref name="batch"/>; true when the app answered 2xx.</summary>
    public async Task<bool> SendAsync(IReadOnlyList<QueuedWebhookEvent> batch, CancellationToken cancellationToken)
    {
        var body = Body(batch);
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(SignatureHeader, Signature(_key, body));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The signature header's value for <paramref name="body"/>: <c>sha256=</c> and the lower-case hex HMAC.</summary>
    public static string Signature(byte[] key, ReadOnlySpan<byte> body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, body));

    private static byte[] Body(IReadOnlyList<QueuedWebhookEvent> batch)
    {
        var buffer = new ArrayBufferWriter<byte>(256 * batch.Count);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("events"u8);
            foreach (var queued in batch)
            {
                w.WriteStartObject();
                w.WriteString("id"u8, queued.Id);
                w.WriteString("name"u8, queued.Event.Name);
                w.WriteNumber("time"u8, queued.Event.Time);
                w.WritePropertyName("data"u8);
                w.WriteRawValue(queued.Event.Data, skipInputValidation: true);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
