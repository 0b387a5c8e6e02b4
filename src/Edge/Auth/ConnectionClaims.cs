namespace Realtime.Edge.Auth;

/// <summary>What a valid connection token says about its client.</summary>
/// <param name="User">The <c>sub</c> claim; empty for anonymous connections.</param>
/// <param name="Expires">The <c>exp</c> claim, or null when the token never expires.</param>
/// <param name="Info">The <c>info</c> claim as raw JSON (public user info, shown in presence), or null.</param>
/// <param name="Capabilities">The <c>caps</c> claim.</param>
internal sealed record ConnectionClaims(string User, DateTimeOffset? Expires, string? Info, Capabilities Capabilities)
{
    /// <summary>An anonymous connection: no user, no grants of its own, never expires.</summary>
    public static readonly ConnectionClaims Anonymous = new(string.Empty, null, null, Capabilities.None);

    public bool IsAnonymous => User.Length == 0;
}
