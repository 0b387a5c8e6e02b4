using System.Text.Json.Serialization;

namespace Realtime.Edge.Api.Contracts;

/// <summary>A page of <c>GET /api/state</c>: the keys in key order from the cursor, the channel's position, and the next page's cursor.</summary>
internal sealed record StateView(
    string Epoch,
    long Offset,
    Dictionary<string, StateValueView> State,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Next);
