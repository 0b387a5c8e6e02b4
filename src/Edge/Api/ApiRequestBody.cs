using System.Buffers;
using System.Text.Json;
using Microsoft.Net.Http.Headers;
using Realtime.Edge.Protocol;

namespace Realtime.Edge.Api;

/// <summary>
/// Reads the JSON body of an API request, checking in this order: the content type (415), the size (413),
/// then that it is one well-formed JSON object (400, with the parser's position).
/// </summary>
internal static class ApiRequestBody
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64, AllowDuplicateProperties = false };

    public static async Task<JsonDocument> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        RequireJson(request.ContentType);
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        // One byte more than allowed tells a body that is too long from one that fits exactly.
        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes + 1);
        try
        {
            var length = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(length, maxBytes + 1 - length), cancellationToken)) > 0)
            {
                length += read;
                if (length > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }
            }

            if (length == 0)
            {
                throw new ProtocolError(ProtocolCodes.BadRequest, "the body is empty; expected a JSON object");
            }

            JsonDocument document;
            try
            {
                // A copy: the document reads its input for as long as it lives, and the pooled buffer goes back below.
                document = JsonDocument.Parse(buffer.AsSpan(0, length).ToArray(), DocumentOptions);
            }
            catch (JsonException ex)
            {
                throw new ProtocolError(ProtocolCodes.BadRequest, "malformed JSON: " + ex.Message);
            }

            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                var kind = document.RootElement.ValueKind;
                document.Dispose();
                throw new ProtocolError(ProtocolCodes.BadRequest, $"the body must be a JSON object, not {ApiJson.Describe(kind)}");
            }

            return document;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void RequireJson(string? contentType)
    {
        if (contentType is null)
        {
            throw new ProtocolError(ApiCodes.UnsupportedMediaType, "Content-Type must be application/json; the request has none");
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var media)
            || !media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (media.Charset.HasValue && !media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ProtocolError(ApiCodes.UnsupportedMediaType, $"Content-Type must be application/json (UTF-8), not \"{contentType}\"");
        }
    }

    private static ProtocolError TooLarge(int maxBytes) =>
        new(ProtocolCodes.TooLarge, $"the body is over {maxBytes} bytes (Api:MaxRequestBytes)");
}
