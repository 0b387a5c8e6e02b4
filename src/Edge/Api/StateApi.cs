using Microsoft.Extensions.Options;
using Realtime.Edge.Api.Contracts;
using Realtime.Edge.Channels;
using Realtime.Edge.Cluster;
using Realtime.Edge.Protocol;
using Realtime.Grains;

namespace Realtime.Edge.Api;

/// <summary>
/// The server API's keyed-state endpoints: the client ops <c>set</c>, <c>patch</c>, <c>delete</c> and
/// <c>state</c>, for a trusted server. Field rules, limits and conflicts are the client ops' own; no client
/// permission or rate applies.
/// </summary>
internal sealed partial class StateApi(
    ClusterAdapter cluster,
    ApiChannels channels,
    IOptions<RealtimeOptions> realtimeOptions,
    IOptions<ApiOptions> apiOptions,
    ILogger<StateApi> logger)
{
    private readonly RealtimeOptions _options = realtimeOptions.Value;
    private readonly int _maxRequestBytes = apiOptions.Value.MaxRequestBytes;

    public async Task<IResult> WriteAsync(HttpContext context)
    {
        using var document = await ApiRequestBody.ReadAsync(context.Request, _maxRequestBytes, context.RequestAborted);
        var body = StateWriteBody.Read(document.RootElement);
        var write = StateWrite.Read(new ProtocolRequest(0, "state", body.Fields), body.Kind, _options.MaxStateKeyLength);
        var apiKey = ApiKeyFilter.KeyOf(context);
        var ns = KeyedNamespace(apiKey, body.Channel);
        var maxValueBytes = StateWrite.MaxValueBytes(ns, _options.MaxDataBytes);
        write.CheckSize(maxValueBytes);

        // The server's idempotency keys are scoped like an anonymous writer's: by the (absent) client, so the
        // "api" writer shares one scope across edges and a retry through another edge is still recognised.
        var result = await cluster.WriteStateAsync(body.Channel, write.ToRequest(ns, maxValueBytes, null, null));
        LogWritten(logger, apiKey.Index, body.Kind, body.Channel, write.Key, result.Status);
        return write.Refusal(result, body.Channel, ns, maxValueBytes) switch
        {
            null => TypedResults.Json(new StateWriteResultView(result.Offset, result.Version)),
            { Code: ProtocolCodes.Conflict } conflict => TypedResults.Json(
                new StateConflictBody(new StateConflictDetail(conflict.Code, conflict.Message, result.Version)), statusCode: conflict.Code),
            var refusal => throw refusal,
        };
    }

    public async Task<StateView> ReadAsync(HttpContext context, string? channel, string? cursor)
    {
        var name = string.IsNullOrEmpty(channel) ? throw new ProtocolError(ProtocolCodes.BadRequest, "the \"channel\" query parameter is required") : channel;
        if (cursor is not null && cursor.Length > _options.MaxStateKeyLength)
        {
            throw new ProtocolError(ProtocolCodes.BadRequest, $"\"cursor\" is longer than {_options.MaxStateKeyLength} characters");
        }

        KeyedNamespace(ApiKeyFilter.KeyOf(context), name);
        var page = await cluster.GetStateAsync(name, cursor, _options.StatePageSize, _options.StatePageBytes);
        var state = new Dictionary<string, StateValueView>(page.Entries.Length, StringComparer.Ordinal);
        foreach (var entry in page.Entries)
        {
            state[entry.Key] = new StateValueView(new RawJson(entry.Value), entry.Version);
        }

        return new StateView(page.Epoch, page.Offset, state, page.Next);
    }

    private NamespaceOptions KeyedNamespace(ApiKey key, string channel) =>
        channels.Check(key, channel) is { KeepsValue: true } ns
            ? ns
            : throw new ProtocolError(ProtocolCodes.BadRequest, $"namespace \"{ChannelNamespaces.NameOf(channel)}\" keeps no state");

    [LoggerMessage(EventId = 611, Level = LogLevel.Debug, Message = "API key {KeyIndex}: {Kind} of {Key} on {Channel}: {Status}")]
    private static partial void LogWritten(ILogger logger, int keyIndex, StateWriteKind kind, string channel, string key, StateWriteStatus status);
}
