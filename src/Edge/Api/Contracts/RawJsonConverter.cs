using System.Text.Json;
using System.Text.Json.Serialization;

namespace Realtime.Edge.Api.Contracts;

/// <summary>Writes a <see cref="RawJson"/> as the value it holds; reads any JSON value as its text.</summary>
internal sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new RawJson(document.RootElement.GetRawText());
    }

    // The text was valid JSON when the channel stored it.
    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Json, skipInputValidation: true);
}
