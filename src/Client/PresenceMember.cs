using System.Text.Json;

namespace Realtime.Client;

/// <summary>A member of a presence channel: one subscribed connection.</summary>
/// <param name="Client">The member's client id.</param>
/// <param name="User">The member's user, empty when anonymous.</param>
/// <param name="Info">The token's <c>info</c>, when it had one.</param>
/// <param name="Data">The member's own presence data (subscribe's <c>presence</c>), when given.</param>
public sealed record PresenceMember(string Client, string User, JsonElement? Info, JsonElement? Data);
