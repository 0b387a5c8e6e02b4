using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Realtime.Edge.Channels;
using Realtime.Edge.Protocol;
using Realtime.Grains.Webhooks;

namespace Realtime.Edge.Hooks;

/// <summary>
/// Asks the app to approve a client's publication before it is sent (a namespace's <c>PublishProxy</c>):
/// a signed POST of <c>{"channel","data","client","user"}</c>. The app answers 200 with <c>{}</c> (approve),
/// <c>{"data": ...}</c> (publish this instead) or <c>{"error": {"code", "message"}}</c> (refuse with that
/// 4xx code). Anything else, or no answer within <c>PublishProxyTimeout</c>, is a failure, handled as the
/// namespace's <c>PublishProxyFailure</c> says.
/// </summary>
internal sealed partial class PublishProxy(IHttpClientFactory http, IOptions<PublishProxyOptions> options, ILogger<PublishProxy> logger)
{
    public const string HttpClientName = "realtime-publish-proxy";

    private static readonly int[] RefusalCodes = [ProtocolCodes.BadRequest, ProtocolCodes.Forbidden, ProtocolCodes.NotFound, ProtocolCodes.Conflict, ProtocolCodes.TooLarge, ProtocolCodes.RateLimited];

    private readonly byte[]? _key = options.Value.Secret is { } secret ? Encoding.UTF8.GetBytes(secret) : null;

    /// <summary>The data to publish: <paramref name="data"/> or the app's rewrite. Throws <see cref="ProtocolError"/> when refused.</summary>
    public async Task<string> ApproveAsync(NamespaceOptions ns, string channel, string data, ClientSession session, CancellationToken cancellationToken = default)
    {
        var body = Body(channel, data, session);
        using var request = new HttpRequestMessage(HttpMethod.Post, ns.PublishProxy) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (_key is not null)
        {
            request.Headers.TryAddWithoutValidation(WebhookSender.SignatureHeader, WebhookSender.Signature(_key, body));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ns.PublishProxyTimeout);
        var failure = string.Empty;
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            var answer = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                failure = $"status {(int)response.StatusCode}";
            }
            else if (TryRead(answer, data, out var approved, out failure))
            {
                return approved;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            failure = ex is OperationCanceledException ? $"no answer within {ns.PublishProxyTimeout.TotalMilliseconds:0} ms" : ex.Message;
        }

        var correlation = Guid.NewGuid().ToString("N")[..16];
        LogProxyFailed(logger, correlation, channel, ns.PublishProxy!, failure, ns.PublishProxyFailure);
        return ns.PublishProxyFailure == PublishProxyFailure.Allow
            ? data
            : throw new ProtocolError(ProtocolCodes.Internal, "the publish proxy failed, correlation id " + correlation);
    }

    // True with the data to publish; false with why the answer is not one; throws for the app's refusal.
    private static bool TryRead(byte[] answer, string data, out string approved, out string failure)
    {
        approved = data;
        failure = string.Empty;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(answer.Length == 0 ? "{}"u8.ToArray() : answer);
        }
        catch (JsonException)
        {
            failure = "the answer is not JSON";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                failure = "the answer is not a JSON object";
                return false;
            }

            if (root.TryGetProperty("error"u8, out var error))
            {
                var code = error.TryGetProperty("code"u8, out var c) && c.TryGetInt32(out var n) && RefusalCodes.Contains(n) ? n : ProtocolCodes.Forbidden;
                var message = error.TryGetProperty("message"u8, out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "refused by the app";
                throw new ProtocolError(code, message);
            }

            if (root.TryGetProperty("data"u8, out var rewritten))
            {
                approved = rewritten.GetRawText();
            }

            return true;
        }
    }

    private static byte[] Body(string channel, string data, ClientSession session)
    {
        var buffer = new ArrayBufferWriter<byte>(128 + data.Length);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("channel"u8, channel);
            w.WritePropertyName("data"u8);
            w.WriteRawValue(data, skipInputValidation: true);
            w.WriteString("client"u8, session.ClientId);
            w.WriteString("user"u8, session.User);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    [LoggerMessage(EventId = 420, Level = LogLevel.Warning, Message = "Publish proxy for {Channel} at {Url} failed (correlation {CorrelationId}): {Failure}; policy {Policy}")]
    private static partial void LogProxyFailed(ILogger logger, string correlationId, string channel, Uri url, string failure, PublishProxyFailure policy);
}
