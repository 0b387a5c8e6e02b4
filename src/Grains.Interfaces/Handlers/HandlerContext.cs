namespace Realtime.Grains.Handlers;

/// <summary>What a handler is asked about.</summary>
/// <param name="Channel">The channel, or for <c>rpc</c> the method as the client named it.</param>
/// <param name="Method">The <c>rpc</c> method without its namespace prefix; null for channel events.</param>
/// <param name="ClientId">The connection's client id.</param>
/// <param name="User">The connection's user id; empty when anonymous.</param>
/// <param name="Info">The token's <c>info</c> claim as JSON text, or null.</param>
/// <param name="Data">The publication, the <c>rpc</c> argument or the member's presence data, as JSON text, or null.</param>
[GenerateSerializer, Immutable, Alias("realtime.handler-context")]
public sealed record HandlerContext(
    [property: Id(0)] string Channel,
    [property: Id(1)] string? Method,
    [property: Id(2)] string ClientId,
    [property: Id(3)] string User,
    [property: Id(4)] string? Info,
    [property: Id(5)] string? Data);
