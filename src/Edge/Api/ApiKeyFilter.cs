using Microsoft.Net.Http.Headers;
using Realtime.Edge.Protocol;

namespace Realtime.Edge.Api;

/// <summary>
/// Lets a request through only with <c>Authorization: apikey &lt;key&gt;</c> naming a configured key (401
/// otherwise), before its body is read; the endpoint finds the key with <see cref="KeyOf"/>.
/// </summary>
internal sealed partial class ApiKeyFilter(ApiKeys keys, ILogger<ApiKeyFilter> logger) : IEndpointFilter
{
    public const string Scheme = "apikey";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization;
        if (header.Count != 1 || !TryParse(header[0], out var presented))
        {
            http.Response.Headers.WWWAuthenticate = Scheme;
            throw new ProtocolError(ProtocolCodes.Unauthorized, $"missing \"Authorization: {Scheme} <key>\" header");
        }

        if (keys.Find(presented) is not { } key)
        {
            LogRejected(logger, http.Connection.RemoteIpAddress?.ToString() ?? "?");
            http.Response.Headers.WWWAuthenticate = Scheme;
            throw new ProtocolError(ProtocolCodes.Unauthorized, "invalid API key");
        }

        http.Features.Set(key);
        return next(context);
    }

    /// <summary>The key the request was let in with.</summary>
    public static ApiKey KeyOf(HttpContext context) =>
        context.Features.Get<ApiKey>() ?? throw new InvalidOperationException("The API key filter did not run for this endpoint.");

    private static bool TryParse(string? header, out string key)
    {
        key = string.Empty;
        var value = header.AsSpan().Trim();
        if (value.Length <= Scheme.Length || !value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || value[Scheme.Length] != ' ')
        {
            return false;
        }

        key = value[(Scheme.Length + 1)..].Trim().ToString();
        return key.Length > 0;
    }

    [LoggerMessage(EventId = 501, Level = LogLevel.Warning, Message = "Server API: request from {Remote} refused, invalid API key")]
    private static partial void LogRejected(ILogger logger, string remote);
}
