using Orleans.Concurrency;

namespace Realtime.Grains.Handlers;

/// <summary>
/// App logic next to the channels: a grain the app writes and a namespace names in its <c>Handler</c> key.
/// The edge asks it before a subscribe or publish goes ahead and for the answer to an <c>rpc</c>, and tells
/// it about presence joins and leaves. Activations are keyed by channel (by method for <c>rpc</c>), so
/// per-channel state sits in the activation. An exception or a timeout gives the client error 500 with a
/// correlation id and leaves the channel untouched: the channel grain never waits for a handler.
/// Derive from <c>Realtime.Grains.Handlers.ChannelHandler</c> to override only what you need.
/// </summary>
public interface IChannelHandler : IGrainWithStringKey
{
    /// <summary>Allows (optionally with <see cref="HandlerResult.Data"/> for the subscribe reply's <c>data</c>) or refuses a subscribe.</summary>
    Task<HandlerResult> OnSubscribeAsync(HandlerContext context);

    /// <summary>Allows, rewrites (<see cref="HandlerResult.Data"/>) or refuses a client publication.</summary>
    Task<HandlerResult> OnPublishAsync(HandlerContext context);

    /// <summary>Answers an <c>rpc</c>: <see cref="HandlerResult.Data"/> is the reply's <c>data</c>; an error refuses it.</summary>
    Task<HandlerResult> OnRpcAsync(HandlerContext context);

    /// <summary>A presence member joined the channel (namespaces with <c>Presence</c>).</summary>
    [OneWay]
    Task OnJoinAsync(HandlerContext context);

    /// <summary>A presence member left the channel (unsubscribe or disconnect seen by its edge).</summary>
    [OneWay]
    Task OnLeaveAsync(HandlerContext context);
}
