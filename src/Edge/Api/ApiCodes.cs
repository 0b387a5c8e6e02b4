namespace Realtime.Edge.Api;

/// <summary>Error codes of the API beyond the client protocol's table, which covers the rest.</summary>
internal static class ApiCodes
{
    /// <summary>A request body that is not <c>application/json</c>.</summary>
    public const int UnsupportedMediaType = 415;
}
