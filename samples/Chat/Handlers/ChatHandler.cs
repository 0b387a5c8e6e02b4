using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Realtime.Grains;
using Realtime.Grains.Handlers;
using Realtime.Samples.Chat.Hosting;
using Realtime.Samples.Chat.Moderation;

namespace Realtime.Samples.Chat.Handlers;

/// <summary>
/// The chat namespace's handler. Members join a room with presence data <c>{"name": "..."}</c>; a message
/// is <c>{"text": "..."}</c> from a member, refused (403) when it has a banned word, and published as
/// <c>{"text", "name", "time"}</c> with the sender's name and the server's clock, so clients cannot fake
/// either. <c>rpc chat:whois</c> with <c>{"room"}</c> lists a room's members, with <c>{"room", "name"}</c>
/// tells where that member is connected.
/// </summary>
public sealed partial class ChatHandler(IOptions<ChatOptions> options, TimeProvider time, ILogger<ChatHandler> logger) : ChannelHandler
{
    private const int PresencePage = 1000;

    // Whois reads at most this many members: enough for a sample, and it bounds one rpc's work.
    private const int MaxWhoisMembers = 10_000;

    private readonly ChatOptions _options = options.Value;
    private readonly WordList _banned = new(options.Value.BannedWords);

    // Names of this room's members by client id, from joins and leaves. Joins are one-way calls that may
    // arrive after the member's first message, and a new activation starts empty, so a miss reloads the
    // room's presence from the channel grain, which is the truth.
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public override Task<HandlerResult> OnSubscribeAsync(HandlerContext context)
    {
        var name = NameOf(context.Data);
        if (name is null)
        {
            return Refuse(400, "join a room with presence {\"name\": \"...\"}");
        }

        if (name.Length > _options.MaxNameLength)
        {
            return Refuse(400, $"a name has at most {_options.MaxNameLength} characters");
        }

        return _banned.FirstIn(name) is null ? Task.FromResult(HandlerResult.Allow) : Refuse(403, "that name is not allowed here");
    }

    /// <inheritdoc />
    public override async Task<HandlerResult> OnPublishAsync(HandlerContext context)
    {
        var text = TextOf(context.Data);
        if (text is null)
        {
            return HandlerResult.Refuse(400, "a message is {\"text\": \"...\"} with some text");
        }

        if (text.Length > _options.MaxTextLength)
        {
            return HandlerResult.Refuse(413, $"a message has at most {_options.MaxTextLength} characters");
        }

        if (_banned.FirstIn(text) is not null)
        {
            LogRefused(logger, context.Channel, context.ClientId);
            return HandlerResult.Refuse(403, "message refused: it contains a banned word");
        }

        if (!_names.TryGetValue(context.ClientId, out var name))
        {
            await ReloadNamesAsync(context.Channel);
            if (!_names.TryGetValue(context.ClientId, out name))
            {
                return HandlerResult.Refuse(403, "join the room before posting to it");
            }
        }

        var stamped = new JsonObject
        {
            ["text"] = text,
            ["name"] = name,
            ["time"] = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        };
        return HandlerResult.WithData(stamped.ToJsonString());
    }

    /// <inheritdoc />
    public override Task<HandlerResult> OnRpcAsync(HandlerContext context) =>
        context.Method == "whois" ? WhoisAsync(context) : base.OnRpcAsync(context);

    /// <inheritdoc />
    public override Task OnJoinAsync(HandlerContext context)
    {
        if (NameOf(context.Data) is { } name)
        {
            _names[context.ClientId] = name;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnLeaveAsync(HandlerContext context)
    {
        _names.Remove(context.ClientId);
        return Task.CompletedTask;
    }

    private async Task<HandlerResult> WhoisAsync(HandlerContext context)
    {
        string? room = null;
        string? asked = null;
        if (Parse(context.Data) is JsonObject data)
        {
            room = StringOf(data["room"]);
            asked = StringOf(data["name"]);
        }

        // The rpc's method is "<namespace>:whois": rooms are channels of that same namespace.
        var prefix = context.Channel[..(context.Channel.IndexOf(':', StringComparison.Ordinal) + 1)];
        if (room is not null && room.StartsWith(prefix, StringComparison.Ordinal))
        {
            room = room[prefix.Length..];
        }

        if (string.IsNullOrEmpty(room) || room.Length > 200 || !room.All(IsRoomCharacter))
        {
            return HandlerResult.Refuse(400, "whois needs {\"room\": \"...\"} (and optionally \"name\")");
        }

        var members = await MembersAsync(prefix + room);
        if (asked is null)
        {
            var everyone = new JsonArray();
            foreach (var group in members.GroupBy(m => m.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase))
            {
                everyone.Add(new JsonObject { ["name"] = group.Key, ["connections"] = group.Count() });
            }

            return HandlerResult.WithData(new JsonObject { ["room"] = room, ["members"] = everyone }.ToJsonString());
        }

        var connections = new JsonArray();
        foreach (var member in members.Where(m => string.Equals(m.Name, asked, StringComparison.Ordinal)))
        {
            connections.Add(new JsonObject { ["client"] = member.Client, ["edge"] = member.Edge });
        }

        return HandlerResult.WithData(new JsonObject
        {
            ["room"] = room,
            ["name"] = asked,
            ["present"] = connections.Count > 0,
            ["connections"] = connections,
        }.ToJsonString());
    }

    private async Task ReloadNamesAsync(string channel)
    {
        _names.Clear();
        foreach (var member in await MembersAsync(channel))
        {
            _names[member.Client] = member.Name;
        }
    }

    private async Task<List<(string Client, string Name, string Edge)>> MembersAsync(string channel)
    {
        var grain = GrainFactory.GetGrain<IChannelGrain>(channel);
        var members = new List<(string Client, string Name, string Edge)>();
        string? after = null;
        do
        {
            var page = await grain.GetPresenceAsync(after, PresencePage);
            foreach (var member in page.Members)
            {
                if (NameOf(member.Data) is { } name)
                {
                    members.Add((member.ClientId, name, member.EdgeId));
                }
            }

            after = page.Next;
        }
        while (after is not null && members.Count < MaxWhoisMembers);

        return members;
    }

    private static Task<HandlerResult> Refuse(int code, string message) => Task.FromResult(HandlerResult.Refuse(code, message));

    private static string? NameOf(string? presenceJson) => Parse(presenceJson) is JsonObject o ? StringOf(o["name"]) : null;

    private static string? TextOf(string? publicationJson) => Parse(publicationJson) is JsonObject o ? StringOf(o["text"]) : null;

    /// <summary>The trimmed string, or null when the node is not a string or is blank.</summary>
    private static string? StringOf(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && s.Trim() is { Length: > 0 } trimmed ? trimmed : null;

    private static JsonNode? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // The characters of a channel name (docs/protocol.md): anything else could never be a room.
    private static bool IsRoomCharacter(char c) => char.IsAsciiLetterOrDigit(c) || "_.:@/$=#+-".Contains(c, StringComparison.Ordinal);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Refused a message with a banned word in {Channel} from {ClientId}")]
    private static partial void LogRefused(ILogger logger, string channel, string clientId);
}
