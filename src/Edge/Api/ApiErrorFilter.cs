using Realtime.Edge.Api.Contracts;
using Realtime.Edge.Protocol;

namespace Realtime.Edge.Api;

/// <summary>Turns what an endpoint (or the key check) throws into <c>{"error":{"code","message"}}</c> with that code as the HTTP status.</summary>
internal sealed partial class ApiErrorFilter(ILogger<ApiErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ProtocolError error)
        {
            return Error(error.Code, error.Message);
        }
        catch (BadHttpRequestException error)
        {
            // Kestrel's own complaint while the body was read (a broken chunked encoding, a body cut short).
            return Error(error.StatusCode, error.Message);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && !context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            var correlation = NewCorrelationId();
            LogFailed(logger, correlation, context.HttpContext.Request.Path, ex);
            return Error(ProtocolCodes.Internal, "internal error, correlation id " + correlation);
        }
    }

    public static IResult Error(int code, string message) =>
        TypedResults.Json(new ApiErrorBody(new ApiErrorDetail(code, message)), statusCode: code);

    public static string NewCorrelationId() => Guid.NewGuid().ToString("N")[..16];

    [LoggerMessage(EventId = 500, Level = LogLevel.Error, Message = "Server API request {Path} failed (correlation {CorrelationId})")]
    private static partial void LogFailed(ILogger logger, string correlationId, PathString path, Exception exception);
}
