using System.Text.Json.Serialization;

namespace Realtime.Edge.Api.Contracts;

/// <summary>One page of a channel's members; <c>next</c> is the cursor of the following page.</summary>
internal sealed record PresenceResult(
    PresenceMemberView[] Members,
    int Users,
    int Total,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Next);
