using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Realtime.Grains.Handlers;

namespace Realtime.Cluster.Tests.Handlers;

/// <summary>
/// A handler grain whose decisions follow the channel or the data, so each test picks its path by name:
/// channels with <c>deny</c> refuse subscribers, <c>throw</c> throws, <c>hang</c> waits for <see cref="Release"/>;
/// publications containing <c>banned</c> are refused, others are stamped; rpc <c>whois</c> answers,
/// <c>boom</c> throws, <c>garbage</c> answers text that is not JSON.
/// </summary>
public sealed class TestChannelHandler : ChannelHandler
{
    private static TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Presence events seen, as <c>join|leave channel user</c>.</summary>
    public static ConcurrentQueue<string> PresenceEvents { get; } = new();

    /// <summary>Lets every hanging call finish (tests call it when done, so no activation stays busy).</summary>
    public static void Release() => Interlocked.Exchange(ref _release, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public override async Task<HandlerResult> OnSubscribeAsync(HandlerContext context)
    {
        await Misbehave(context.Channel);
        return context.Channel.Contains("deny", StringComparison.Ordinal)
            ? HandlerResult.Refuse(403, "no entry for " + context.User)
            : HandlerResult.WithData(new JsonObject { ["welcome"] = context.User, ["presence"] = context.Data is null ? null : JsonNode.Parse(context.Data) }.ToJsonString());
    }

    public override async Task<HandlerResult> OnPublishAsync(HandlerContext context)
    {
        await Misbehave(context.Channel);
        var data = JsonNode.Parse(context.Data!)!;
        if (data.ToJsonString().Contains("banned", StringComparison.Ordinal))
        {
            return HandlerResult.Refuse(403, "banned word");
        }

        return HandlerResult.WithData(new JsonObject { ["text"] = data.DeepClone(), ["stamped"] = true }.ToJsonString());
    }

    public override async Task<HandlerResult> OnRpcAsync(HandlerContext context)
    {
        switch (context.Method)
        {
            case "whois":
                return HandlerResult.WithData(new JsonObject { ["user"] = context.User, ["client"] = context.ClientId, ["asked"] = context.Data is null ? null : JsonNode.Parse(context.Data) }.ToJsonString());
            case "boom":
                throw new InvalidOperationException("the handler broke");
            case "garbage":
                return HandlerResult.WithData("{not json");
            case "hang":
                await _release.Task;
                return HandlerResult.Allow;
            case "teapot":
                return HandlerResult.Refuse(418, "short and stout");
            default:
                return await base.OnRpcAsync(context);
        }
    }

    public override Task OnJoinAsync(HandlerContext context)
    {
        PresenceEvents.Enqueue($"join {context.Channel} {context.User}");
        return Task.CompletedTask;
    }

    public override Task OnLeaveAsync(HandlerContext context)
    {
        PresenceEvents.Enqueue($"leave {context.Channel} {context.User}");
        return Task.CompletedTask;
    }

    private static Task Misbehave(string channel)
    {
        if (channel.Contains("throw", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the handler broke");
        }

        return channel.Contains("hang", StringComparison.Ordinal) ? _release.Task : Task.CompletedTask;
    }
}
