namespace Realtime.Edge.Api;

/// <summary>
/// The JSON body an endpoint reads, for the OpenAPI document only. Not <c>Accepts&lt;T&gt;</c>: routing would then
/// answer a wrong content type with its own empty 415, before the key check and without the API's error body.
/// </summary>
internal sealed record ApiRequestBodyMetadata(Type Type);
