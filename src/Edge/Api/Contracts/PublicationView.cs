using System.Text.Json.Serialization;

namespace Realtime.Edge.Api.Contracts;

/// <summary>A publication of a channel's history.</summary>
internal sealed record PublicationView(
    long Offset,
    RawJson Data,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PublicationFrom? From);
