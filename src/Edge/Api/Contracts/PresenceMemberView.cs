using System.Text.Json.Serialization;

namespace Realtime.Edge.Api.Contracts;

/// <summary>A member of a channel's presence, as clients see it in the <c>presence</c> reply.</summary>
internal sealed record PresenceMemberView(
    string Client,
    string User,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RawJson? Info,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RawJson? Data);
