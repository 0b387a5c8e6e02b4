namespace Realtime.Grains.Handlers;

/// <summary>
/// A base for app handlers that allows everything and answers no <c>rpc</c> (404): override what the app
/// decides. Handlers are ordinary grains, so they may keep state, call other grains and use DI.
/// </summary>
public abstract class ChannelHandler : Grain, IChannelHandler
{
    /// <inheritdoc />
    public virtual Task<HandlerResult> OnSubscribeAsync(HandlerContext context) => Task.FromResult(HandlerResult.Allow);

    /// <inheritdoc />
    public virtual Task<HandlerResult> OnPublishAsync(HandlerContext context) => Task.FromResult(HandlerResult.Allow);

    /// <inheritdoc />
    public virtual Task<HandlerResult> OnRpcAsync(HandlerContext context) =>
        Task.FromResult(HandlerResult.Refuse(404, $"unknown rpc method \"{context.Channel}\""));

    /// <inheritdoc />
    public virtual Task OnJoinAsync(HandlerContext context) => Task.CompletedTask;

    /// <inheritdoc />
    public virtual Task OnLeaveAsync(HandlerContext context) => Task.CompletedTask;
}
