namespace Realtime.Edge.Api.Contracts;

/// <summary>The error of a state conflict: code 409, why, and the key's current version.</summary>
internal sealed record StateConflictDetail(int Code, string Message, long Version);
