namespace Realtime.Edge.Api.Contracts;

/// <summary>Every error of the API: <c>{"error":{"code":N,"message":"..."}}</c>.</summary>
internal sealed record ApiErrorBody(ApiErrorDetail Error);
