using System.Text.Json.Serialization;

namespace Realtime.Edge.Api.Contracts;

/// <summary>One channel of a broadcast: its offset and epoch, or the error that channel got.</summary>
internal sealed record BroadcastItem(
    string Channel,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Offset,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Epoch,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ApiErrorDetail? Error);
