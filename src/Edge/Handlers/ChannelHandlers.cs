using System.Text.Json;
using Realtime.Edge.Channels;
using Realtime.Edge.Cluster;
using Realtime.Edge.Protocol;
using Realtime.Grains.Handlers;

namespace Realtime.Edge.Handlers;

/// <summary>
/// Calls a namespace's handler grain (its <c>Handler</c> key, a grain class name or prefix) from the edge,
/// so a slow or failing handler holds up only the request that asked: the channel grain never waits for it.
/// A refusal becomes the client's error; an exception, a timeout or data that is not JSON becomes error 500
/// with a correlation id that is also in the warning log.
/// </summary>
internal sealed partial class ChannelHandlers(IGrainFactory grains, ILogger<ChannelHandlers> logger)
{
    private static readonly int[] RefusalCodes = [ProtocolCodes.BadRequest, ProtocolCodes.Forbidden, ProtocolCodes.NotFound, ProtocolCodes.Conflict, ProtocolCodes.TooLarge, ProtocolCodes.RateLimited];

    /// <summary>Asks whether the subscribe may go ahead; returns the reply's <c>data</c> (JSON) or null.</summary>
    public async Task<string?> SubscribeAsync(NamespaceOptions ns, string channel, ClientSession session, string? presenceData) =>
        (await CallAsync(ns, channel, "subscribe", h => h.OnSubscribeAsync(Context(channel, null, session, presenceData)))).Data;

    /// <summary>Asks whether the publication may go ahead; returns what to publish.</summary>
    public async Task<string> PublishAsync(NamespaceOptions ns, string channel, ClientSession session, string data) =>
        (await CallAsync(ns, channel, "publish", h => h.OnPublishAsync(Context(channel, null, session, data)))).Data ?? data;

    /// <summary>Answers an <c>rpc</c>; returns its result (JSON) or null.</summary>
    public async Task<string?> RpcAsync(NamespaceOptions ns, string method, ClientSession session, string? data)
    {
        var colon = method.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? method : method[(colon + 1)..];
        return (await CallAsync(ns, method, "rpc", h => h.OnRpcAsync(Context(method, name, session, data)))).Data;
    }

    /// <summary>Tells the handler a member joined; failures are logged, the member stays.</summary>
    public void Joined(NamespaceOptions ns, string channel, ClientSession session, string? presenceData) =>
        Tell(ns, channel, h => h.OnJoinAsync(Context(channel, null, session, presenceData)));

    /// <summary>Tells the handler a member left.</summary>
    public void Left(NamespaceOptions ns, string channel, ClientSession session) =>
        Tell(ns, channel, h => h.OnLeaveAsync(Context(channel, null, session, null)));

    private static HandlerContext Context(string channel, string? method, ClientSession session, string? data) =>
        new(channel, method, session.ClientId, session.User, session.Claims.Info, data);

    private async Task<HandlerResult> CallAsync(NamespaceOptions ns, string key, string what, Func<IChannelHandler, Task<HandlerResult>> call)
    {
        HandlerResult result;
        try
        {
            result = await call(grains.GetGrain<IChannelHandler>(key, ns.Handler)).WaitAsync(ns.HandlerTimeout);
            if (result.ErrorCode is null && result.Data is not null && !IsJson(result.Data))
            {
                throw new InvalidOperationException("the handler's data is not JSON");
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var correlation = Guid.NewGuid().ToString("N")[..16];
            LogHandlerFailed(logger, correlation, ns.Handler!, what, key, ex);
            throw new ProtocolError(ProtocolCodes.Internal, $"the channel handler failed, correlation id {correlation}");
        }

        if (result.ErrorCode is { } code)
        {
            throw new ProtocolError(RefusalCodes.Contains(code) ? code : ProtocolCodes.Forbidden, result.ErrorMessage ?? "refused by the channel handler");
        }

        return result;
    }

    private void Tell(NamespaceOptions ns, string channel, Func<IChannelHandler, Task> call)
    {
        try
        {
            call(grains.GetGrain<IChannelHandler>(channel, ns.Handler)).Forget();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogHandlerFailed(logger, "-", ns.Handler!, "presence", channel, ex);
        }
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 430, Level = LogLevel.Warning, Message = "Handler {Handler} failed on {What} for {Key} (correlation {CorrelationId})")]
    private static partial void LogHandlerFailed(ILogger logger, string correlationId, string handler, string what, string key, Exception exception);
}
