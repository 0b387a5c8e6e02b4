using System.Text.Json.Serialization;

namespace Realtime.Edge.Api.Contracts;

/// <summary>A JSON value kept as text (publication data, presence info) and written back as it is, never re-encoded.</summary>
[JsonConverter(typeof(RawJsonConverter))]
internal readonly record struct RawJson(string Json)
{
    public static RawJson? From(string? json) => json is null ? null : new RawJson(json);
}
