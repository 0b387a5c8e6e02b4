using System.Text;
using System.Text.Json;

namespace Realtime.Edge.SockJs.Framing;

/// <summary>Outcome of parsing what a client sent.</summary>
internal enum PayloadResult
{
    /// <summary>Parsed; the messages were added.</summary>
    Ok,

    /// <summary>Nothing usable: empty, or valid JSON of the wrong shape ("Payload expected.").</summary>
    PayloadExpected,

    /// <summary>Not valid JSON or not valid UTF-8 ("Broken JSON encoding.").</summary>
    BrokenJson,
}

/// <summary>
/// Parses client-to-server payloads: a JSON array of messages, or (WebSocket only) a single JSON
/// value. String elements are decoded with every escape honoured, lone surrogates included;
/// other JSON values are passed on as their JSON text.
/// </summary>
internal static class SockJsPayload
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };

    /// <summary>Parses <paramref name="json"/>; with <paramref name="allowSingleValue"/> a non-array value is one message.</summary>
    public static PayloadResult Parse(ReadOnlySpan<byte> json, List<string> messages, bool allowSingleValue)
    {
        if (json.Trim(" \t\r\n"u8).IsEmpty)
        {
            return PayloadResult.PayloadExpected;
        }

        try
        {
            var reader = new Utf8JsonReader(json, ReaderOptions);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                if (!allowSingleValue)
                {
                    // Validate the whole value first: broken JSON outranks the wrong shape.
                    reader.Skip();
                    while (reader.Read())
                    {
                    }

                    return PayloadResult.PayloadExpected;
                }

                messages.Add(ReadValue(ref reader, json));
                EnsureEnd(ref reader);
                return PayloadResult.Ok;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                messages.Add(ReadValue(ref reader, json));
            }

            EnsureEnd(ref reader);
            return PayloadResult.Ok;
        }
        catch (JsonException)
        {
            return PayloadResult.BrokenJson;
        }
        catch (DecoderFallbackException)
        {
            return PayloadResult.BrokenJson;
        }
    }

    private static string ReadValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return SockJsJson.DecodeString(reader.ValueSpan, reader.ValueIsEscaped);
        }

        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        var end = (int)reader.BytesConsumed;
        return Encoding.UTF8.GetString(json[start..end]);
    }

    private static void EnsureEnd(ref Utf8JsonReader reader)
    {
        // Reading past the value makes the reader reject trailing garbage such as `["a"]x`.
        while (reader.Read())
        {
        }
    }
}
