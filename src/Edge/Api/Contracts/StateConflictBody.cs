namespace Realtime.Edge.Api.Contracts;

/// <summary>A 409 of <c>POST /api/state</c>: the error with the key's current version (0: absent).</summary>
internal sealed record StateConflictBody(StateConflictDetail Error);
