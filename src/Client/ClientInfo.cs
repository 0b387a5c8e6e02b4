namespace Realtime.Client;

/// <summary>Who published: a connection (<c>client</c> id) and its user (empty when anonymous).</summary>
/// <param name="Client">The publishing connection's client id.</param>
/// <param name="User">The connection token's <c>sub</c>, or empty.</param>
public sealed record ClientInfo(string Client, string User);
