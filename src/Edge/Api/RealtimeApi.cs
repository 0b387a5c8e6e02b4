using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Realtime.Edge.Api.Contracts;
using Realtime.Edge.Channels;
using Realtime.Edge.Cluster;
using Realtime.Edge.Protocol;
using Realtime.Grains;

namespace Realtime.Edge.Api;

/// <summary>
/// The server API's endpoints. The server is trusted: no client permission applies, but channel names,
/// namespaces (404) and size limits (413) do, as for clients. Channel checks run in this order: the name
/// (400), the key's namespaces (403), the namespace (404), then what the endpoint needs.
/// </summary>
internal sealed partial class RealtimeApi(
    ClusterAdapter cluster,
    ApiChannels channels,
    IOptions<RealtimeOptions> realtimeOptions,
    IOptions<ApiOptions> apiOptions,
    ILogger<RealtimeApi> logger)
{
    private const int DefaultDisconnectCode = ProtocolCodes.Kicked;
    private const string DefaultDisconnectReason = "kicked by the server";

    private readonly RealtimeOptions _options = realtimeOptions.Value;
    private readonly int _maxRequestBytes = apiOptions.Value.MaxRequestBytes;

    public async Task<PublishResult> PublishAsync(HttpContext context)
    {
        using var document = await ApiRequestBody.ReadAsync(context.Request, _maxRequestBytes, context.RequestAborted);
        var body = PublishBody.Read(document.RootElement);
        var key = ApiKeyFilter.KeyOf(context);
        var data = body.Data.GetRawText();
        var result = await PublishAsync(key, body.Channel, data, Encoding.UTF8.GetByteCount(data));
        LogPublished(logger, key.Index, body.Channel, result.Offset);
        return result;
    }

    public async Task<BroadcastResult> BroadcastAsync(HttpContext context)
    {
        using var document = await ApiRequestBody.ReadAsync(context.Request, _maxRequestBytes, context.RequestAborted);
        var body = BroadcastBody.Read(document.RootElement);
        var key = ApiKeyFilter.KeyOf(context);
        var data = body.Data.GetRawText();
        var bytes = Encoding.UTF8.GetByteCount(data);
        var results = await Task.WhenAll(body.Channels.Select(channel => BroadcastOneAsync(key, channel, data, bytes)));
        return new BroadcastResult(results);
    }

    public async Task<PresenceResult> PresenceAsync(HttpContext context, string? channel, string? cursor)
    {
        var name = RequiredQuery(channel, "channel");
        var ns = Channel(ApiKeyFilter.KeyOf(context), name, userChannel: true);
        if (!ns.Presence)
        {
            throw new ProtocolError(ProtocolCodes.Forbidden, $"presence is off in namespace \"{ChannelNamespaces.NameOf(name)}\"");
        }

        var page = await cluster.GetPresenceAsync(name, cursor, _options.PresencePageSize);
        return new PresenceResult(
            [.. page.Members.Select(m => new PresenceMemberView(m.ClientId, m.User, RawJson.From(m.Info), RawJson.From(m.Data)))],
            page.Users,
            page.Total,
            page.Next);
    }

    public async Task<HistoryView> HistoryAsync(HttpContext context, string? channel, string? since, string? epoch, string? limit)
    {
        var name = RequiredQuery(channel, "channel");
        var position = Since(since, epoch);
        var count = Limit(limit);
        var ns = Channel(ApiKeyFilter.KeyOf(context), name);
        var history = await cluster.GetHistoryAsync(name, new HistoryQuery(position, count, ns.History ?? HistoryPolicy.None));
        return new HistoryView(
            history.Epoch,
            history.Offset,
            position is null ? null : history.Recovered,
            [.. history.Publications.Select(p => new PublicationView(p.Offset, new RawJson(p.Data), p.FromClient is null ? null : new PublicationFrom(p.FromClient, p.FromUser ?? string.Empty)))]);
    }

    public async Task<ChannelsResult> ChannelsAsync(HttpContext context, string? prefix)
    {
        var key = ApiKeyFilter.KeyOf(context);
        var reports = await cluster.AskEdgesAsync(edge => edge.GetReportAsync(prefix ?? string.Empty));
        LogUnanswered(reports.Failed, "channels");
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var channel in reports.Answers.SelectMany(r => r.Channels).Where(c => key.Allows(c.Channel)))
        {
            counts[channel.Channel] = counts.GetValueOrDefault(channel.Channel) + channel.Subscribers;
        }

        return new ChannelsResult([.. counts.Select(c => new ChannelCount(c.Key, c.Value))], [.. reports.Failed]);
    }

    public async Task<UserActionResult> DisconnectAsync(HttpContext context)
    {
        var key = RequireUnrestricted(context, "disconnect");
        using var document = await ApiRequestBody.ReadAsync(context.Request, _maxRequestBytes, context.RequestAborted);
        var body = DisconnectBody.Read(document.RootElement);
        var code = body.Code ?? DefaultDisconnectCode;
        var reason = body.Reason ?? DefaultDisconnectReason;
        var ended = await cluster.AskEdgesAsync(edge => edge.DisconnectUserAsync(body.User, code, reason, body.Reconnect ?? false));
        RequireAll(ended, "some of the user's connections may remain");
        var connections = ended.Answers.Sum();
        LogDisconnected(logger, key.Index, body.User, code, connections);
        return new UserActionResult(connections);
    }

    public async Task<UserActionResult> UnsubscribeAsync(HttpContext context)
    {
        using var document = await ApiRequestBody.ReadAsync(context.Request, _maxRequestBytes, context.RequestAborted);
        var body = UnsubscribeBody.Read(document.RootElement);
        var key = ApiKeyFilter.KeyOf(context);
        Channel(key, body.Channel);
        var ended = await cluster.AskEdgesAsync(edge => edge.UnsubscribeUserAsync(body.User, body.Channel));
        RequireAll(ended, "some of the user's subscriptions may remain");
        var subscriptions = ended.Answers.Sum();
        LogUnsubscribed(logger, key.Index, body.User, body.Channel, subscriptions);
        return new UserActionResult(subscriptions);
    }

    public async Task<InfoResult> InfoAsync(HttpContext context)
    {
        RequireUnrestricted(context, "read the cluster's info");
        var silos = cluster.GetSilosAsync();
        var reports = await cluster.AskEdgesAsync(edge => edge.GetReportAsync(string.Empty));
        LogUnanswered(reports.Failed, "info");
        var edges = reports.Answers.OrderBy(r => r.EdgeId, StringComparer.Ordinal).Select(r => new EdgeView(r.EdgeId, r.Connections, r.Channels.Length)).ToArray();
        var channels = reports.Answers.SelectMany(r => r.Channels).Select(c => c.Channel).Distinct(StringComparer.Ordinal).Count();
        return new InfoResult(
            [.. (await silos).OrderBy(s => s.SiloAddress.ToString(), StringComparer.Ordinal).Select(s => new SiloView(s.SiloAddress.ToString(), s.SiloName, s.HostName, s.StartTime))],
            edges,
            edges.Sum(e => e.Connections),
            channels,
            [.. reports.Failed]);
    }

    private async Task<PublishResult> PublishAsync(ApiKey key, string channel, string data, int bytes)
    {
        var ns = Channel(key, channel);
        var limit = ns.MaxMessageBytes > 0 ? ns.MaxMessageBytes : _options.MaxDataBytes;
        if (bytes > limit)
        {
            throw new ProtocolError(ProtocolCodes.TooLarge, $"\"data\" is over {limit} bytes");
        }

        // The server API's publications carry no "from": the same path as a client's, without a client.
        var position = await cluster.PublishAsync(channel, data, fromClient: null, fromUser: null, ns.History);
        return new PublishResult(position.Offset, position.Epoch);
    }

    private async Task<BroadcastItem> BroadcastOneAsync(ApiKey key, string channel, string data, int bytes)
    {
        try
        {
            var result = await PublishAsync(key, channel, data, bytes);
            return new BroadcastItem(channel, result.Offset, result.Epoch, null);
        }
        catch (ProtocolError error)
        {
            return new BroadcastItem(channel, null, null, new ApiErrorDetail(error.Code, error.Message));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var correlation = ApiErrorFilter.NewCorrelationId();
            LogBroadcastFailed(logger, correlation, channel, ex);
            return new BroadcastItem(channel, null, null, new ApiErrorDetail(ProtocolCodes.Internal, "internal error, correlation id " + correlation));
        }
    }

    private NamespaceOptions Channel(ApiKey key, string channel, bool userChannel = false) => channels.Check(key, channel, userChannel);

    private static ApiKey RequireUnrestricted(HttpContext context, string action)
    {
        var key = ApiKeyFilter.KeyOf(context);
        return key.Unrestricted
            ? key
            : throw new ProtocolError(ProtocolCodes.Forbidden, $"this API key is limited to namespaces ({string.Join(", ", key.Namespaces)}); only a key without limits may {action}");
    }

    private void RequireAll<T>(EdgeAnswers<T> answers, string consequence)
    {
        if (answers.Failed.Count > 0)
        {
            LogUnanswered(answers.Failed, "a user action");
            throw new ProtocolError(ProtocolCodes.Internal, $"edges {string.Join(", ", answers.Failed)} did not answer, so {consequence}; the request can be repeated");
        }
    }

    private void LogUnanswered(IReadOnlyList<string> failed, string request)
    {
        if (failed.Count > 0)
        {
            LogEdgesUnanswered(logger, string.Join(", ", failed), request);
        }
    }

    private static string RequiredQuery(string? value, string name) =>
        string.IsNullOrEmpty(value) ? throw new ProtocolError(ProtocolCodes.BadRequest, $"query parameter \"{name}\" is required") : value;

    // A position is two query parameters: the offset in "since" and its epoch in "epoch", both or neither.
    private static ChannelPosition? Since(string? since, string? epoch)
    {
        if (since is null && epoch is null)
        {
            return null;
        }

        if (since is null || epoch is null)
        {
            throw new ProtocolError(ProtocolCodes.BadRequest, "\"since\" (an offset) and \"epoch\" go together: give both or neither");
        }

        return long.TryParse(since, NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? new ChannelPosition(epoch, offset)
            : throw new ProtocolError(ProtocolCodes.BadRequest, "\"since\" must be an integer >= 0");
    }

    private int Limit(string? limit)
    {
        if (limit is null)
        {
            return _options.MaxHistoryLimit;
        }

        return long.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? (int)Math.Min(value, _options.MaxHistoryLimit)
            : throw new ProtocolError(ProtocolCodes.BadRequest, "\"limit\" must be an integer >= 0");
    }

    [LoggerMessage(EventId = 502, Level = LogLevel.Debug, Message = "Server API: key {KeyIndex} published to {Channel}, offset {Offset}")]
    private static partial void LogPublished(ILogger logger, int keyIndex, string channel, long offset);

    [LoggerMessage(EventId = 503, Level = LogLevel.Information, Message = "Server API: key {KeyIndex} disconnected user {User} with {Code}: {Connections} connections")]
    private static partial void LogDisconnected(ILogger logger, int keyIndex, string user, int code, int connections);

    [LoggerMessage(EventId = 504, Level = LogLevel.Information, Message = "Server API: key {KeyIndex} unsubscribed user {User} from {Channel}: {Subscriptions} subscriptions")]
    private static partial void LogUnsubscribed(ILogger logger, int keyIndex, string user, string channel, int subscriptions);

    [LoggerMessage(EventId = 505, Level = LogLevel.Warning, Message = "Server API: edges {Edges} did not answer ({Request})")]
    private static partial void LogEdgesUnanswered(ILogger logger, string edges, string request);

    [LoggerMessage(EventId = 506, Level = LogLevel.Error, Message = "Server API: broadcast to {Channel} failed (correlation {CorrelationId})")]
    private static partial void LogBroadcastFailed(ILogger logger, string correlationId, string channel, Exception exception);
}
