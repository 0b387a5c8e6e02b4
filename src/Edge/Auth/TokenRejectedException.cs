namespace Realtime.Edge.Auth;

/// <summary>A token failed validation; the message says why in words fit for the client.</summary>
internal sealed class TokenRejectedException(string message) : Exception(message);
