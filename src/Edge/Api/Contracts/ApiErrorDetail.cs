namespace Realtime.Edge.Api.Contracts;

/// <summary>What went wrong: a code of the client protocol's table (the HTTP status) and a message for people.</summary>
internal sealed record ApiErrorDetail(int Code, string Message);
