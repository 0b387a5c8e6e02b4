using System.Text.Json;
using Realtime.Edge.Auth;
using Realtime.Edge.Channels;

namespace Realtime.Edge.Tests.Auth;

/// <summary>Every op against every source of permission: namespace defaults, token caps, subscription token, privacy and client publishing.</summary>
public sealed class PermissionTableTests
{
    private const string Channel = "chat:room";

    public static TheoryData<string, string, string, ChannelOps, ChannelOps> Table()
    {
        var data = new TheoryData<string, string, string, ChannelOps, ChannelOps>();
        foreach (var op in new[] { ChannelOps.Subscribe, ChannelOps.Publish, ChannelOps.Presence, ChannelOps.History, ChannelOps.State })
        {
            var name = op.ToString();

            // (who, namespace, subscription grants, op) → allowed?
            data.Add("anonymous", "closed", "none", op, ChannelOps.None);
            data.Add("anonymous", "anonymous-" + name, "none", op, op);
            data.Add("anonymous", "authenticated-" + name, "none", op, ChannelOps.None);
            data.Add("user-no-caps", "closed", "none", op, ChannelOps.None);
            data.Add("user-no-caps", "authenticated-" + name, "none", op, op);
            data.Add("user-no-caps", "anonymous-" + name, "none", op, ChannelOps.None);
            data.Add("user-caps-" + name, "closed", "none", op, op);
            data.Add("user-caps-other-op", "closed", "none", op, ChannelOps.None);
            data.Add("user-caps-other-channel", "closed", "none", op, ChannelOps.None);
            data.Add("user-caps-all", "private", "none", op, ChannelOps.None);
            data.Add("user-no-caps", "private", "sub-" + name, op, op);
            data.Add("user-no-caps", "private", "sub-subscribe", op, op == ChannelOps.Subscribe ? op : ChannelOps.None);
        }

        // Publishing needs the namespace's ClientPublish whatever grants it.
        data.Add("user-caps-all", "no-client-publish", "none", ChannelOps.Publish, ChannelOps.None);
        data.Add("user-no-caps", "no-client-publish-private", "sub-publish", ChannelOps.Publish, ChannelOps.None);
        data.Add("user-caps-all", "no-client-publish", "none", ChannelOps.Subscribe, ChannelOps.Subscribe);

        // Writing keyed state is its own op: ClientPublish does not gate it.
        data.Add("user-caps-all", "no-client-publish", "none", ChannelOps.State, ChannelOps.State);
        return data;
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Allowed(string who, string ns, string subscription, ChannelOps op, ChannelOps expected)
    {
        var allowed = Permissions.Allowed(Connection(who), Namespace(ns), Channel, Subscription(subscription)) & op;
        Assert.Equal(expected, allowed);
    }

    private static ConnectionClaims Connection(string who)
    {
        if (who == "anonymous")
        {
            return ConnectionClaims.Anonymous;
        }

        var caps = who switch
        {
            "user-no-caps" => "{}",
            "user-caps-all" => """{"chat:*":["subscribe","publish","presence","history","state"]}""",
            "user-caps-other-op" => """{"chat:*":[]}""",
            "user-caps-other-channel" => """{"chatroom:*":["subscribe","publish","presence","history","state"],"chat:other":["subscribe","publish","presence","history","state"]}""",
            _ => $$"""{"chat:*":["{{who["user-caps-".Length..].ToLowerInvariant()}}"]}""",
        };
        using var document = JsonDocument.Parse(caps);
        return new ConnectionClaims("alice", null, null, Capabilities.Parse(document.RootElement));
    }

    private static NamespaceOptions Namespace(string ns) => ns switch
    {
        "closed" => new NamespaceOptions { ClientPublish = true },
        "private" => new NamespaceOptions { Private = true, ClientPublish = true, Authenticated = ChannelOps.All },
        "no-client-publish" => new NamespaceOptions { Anonymous = ChannelOps.All, Authenticated = ChannelOps.All },
        "no-client-publish-private" => new NamespaceOptions { Private = true },
        _ when ns.StartsWith("anonymous-", StringComparison.Ordinal) => new NamespaceOptions { ClientPublish = true, Anonymous = Enum.Parse<ChannelOps>(ns["anonymous-".Length..]) },
        _ => new NamespaceOptions { ClientPublish = true, Authenticated = Enum.Parse<ChannelOps>(ns["authenticated-".Length..]) },
    };

    private static ChannelOps Subscription(string grants) => grants switch
    {
        "none" => ChannelOps.None,
        "sub-subscribe" => ChannelOps.Subscribe,
        _ => ChannelOps.Subscribe | Capabilities.ParseOp(grants["sub-".Length..].ToLowerInvariant()),
    };
}
