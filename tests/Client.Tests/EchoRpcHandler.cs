using System.Text.Json.Nodes;
using Realtime.Grains.Handlers;

namespace Realtime.Client.Tests;

/// <summary>The <c>rpc</c> namespace's handler: <c>rpc:echo</c> answers its argument with the caller's client id; other methods are unknown (404).</summary>
public sealed class EchoRpcHandler : ChannelHandler
{
    public override Task<HandlerResult> OnRpcAsync(HandlerContext context) => context.Method switch
    {
        "echo" => Task.FromResult(HandlerResult.WithData(new JsonObject
        {
            ["echo"] = context.Data is null ? null : JsonNode.Parse(context.Data),
            ["client"] = context.ClientId,
        }.ToJsonString())),
        _ => base.OnRpcAsync(context),
    };
}
