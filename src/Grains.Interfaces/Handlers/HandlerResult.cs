namespace Realtime.Grains.Handlers;

/// <summary>A handler's answer: go ahead (with data or without) or refuse with a client protocol error.</summary>
/// <param name="ErrorCode">Null to go ahead; else 400, 403, 404, 409, 413 or 429 (any other code is sent as 403).</param>
/// <param name="ErrorMessage">The refusal's message for the client.</param>
/// <param name="Data">JSON text: the rewritten publication, the subscribe reply's <c>data</c>, the <c>rpc</c> result; null for none (or unchanged).</param>
[GenerateSerializer, Immutable, Alias("realtime.handler-result")]
public sealed record HandlerResult(
    [property: Id(0)] int? ErrorCode,
    [property: Id(1)] string? ErrorMessage,
    [property: Id(2)] string? Data)
{
    /// <summary>Go ahead unchanged.</summary>
    public static HandlerResult Allow { get; } = new(null, null, null);

    /// <summary>Go ahead with <paramref name="json"/> (a rewritten publication, reply data, an <c>rpc</c> result).</summary>
    public static HandlerResult WithData(string json) => new(null, null, json);

    /// <summary>Refuse with <paramref name="code"/> and <paramref name="message"/>.</summary>
    public static HandlerResult Refuse(int code, string message) => new(code, message, null);
}
