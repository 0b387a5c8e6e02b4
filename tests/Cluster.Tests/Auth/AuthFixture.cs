using Microsoft.Extensions.Configuration;
using Realtime.Edge.Auth;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests.Auth;

/// <summary>
/// Two co-hosted edges in one cluster, configured as production would be: no anonymous access, an HMAC
/// secret, audience and issuer checks, namespaces with every kind of rule, and small limits.
/// </summary>
public sealed class AuthFixture() : TwoEdgeCluster("auth-" + Guid.NewGuid().ToString("N")[..8], Settings)
{
    public const string Secret = "cluster-test-secret-of-at-least-thirty-two-bytes";
    public const int MaxConnectionsPerUser = 3;
    public const int PublishBurst = 5;
    public const int MaxSubscribers = 2;
    public const int SmallMessageBytes = 16;

    /// <summary>How long before exp the server asks for a refresh.</summary>
    public static readonly TimeSpan RefreshLead = TimeSpan.FromSeconds(2);

    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        // Remove the open defaults of test edges.
        ["Auth:AllowAnonymous"] = "false",
        ["Namespaces:*:Anonymous"] = null,
        ["Namespaces:*:Authenticated"] = null,
        ["Namespaces:*:ClientPublish"] = null,

        ["Auth:HmacSecret"] = Secret,
        ["Auth:Audience"] = "realtime",
        ["Auth:Issuer"] = "app-backend",
        ["Auth:ClockSkew"] = "00:00:00",
        ["Auth:RefreshLead"] = "00:00:02",
        ["Limits:MaxConnectionsPerUser"] = "3",
        ["Limits:PublishRate"] = "0.5",
        ["Limits:PublishBurst"] = "5",

        // Grants come from caps alone.
        ["Namespaces:pub:ClientPublish"] = "true",

        // Every authenticated user may subscribe; nobody may publish from a client.
        ["Namespaces:news:Authenticated"] = "Subscribe",

        ["Namespaces:priv:Private"] = "true",
        ["Namespaces:priv:ClientPublish"] = "true",
        ["Namespaces:limited:Authenticated"] = "Subscribe",
        ["Namespaces:limited:MaxSubscribers"] = "2",
        ["Namespaces:room:Authenticated"] = "Subscribe, Presence",
        ["Namespaces:room:Presence"] = "true",
        ["Namespaces:room:JoinLeave"] = "true",
        ["Namespaces:quiet:Authenticated"] = "Subscribe, Presence",
        ["Namespaces:quiet:Presence"] = "true",
        ["Namespaces:$users:Authenticated"] = "Presence",
        ["Namespaces:$users:Presence"] = "true",
        ["Namespaces:small:Authenticated"] = "Subscribe, Publish",
        ["Namespaces:small:ClientPublish"] = "true",
        ["Namespaces:small:MaxMessageBytes"] = "16",
    };

    public static string Realtime(EdgeServer edge) => edge.Url + "/realtime";

    public static string Channel(string ns) => ns + ":" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>A token from the token tool with this fixture's key, audience and issuer.</summary>
    public static string Token(string sub, string? caps = null, string ttl = "1h", string? channel = null, DateTimeOffset? now = null, string secret = Secret, string? info = null)
    {
        var options = new Dictionary<string, string> { ["sub"] = sub, ["ttl"] = ttl, ["aud"] = "realtime", ["iss"] = "app-backend", ["secret"] = secret };
        if (caps is not null)
        {
            options["caps"] = caps;
        }

        if (channel is not null)
        {
            options["channel"] = channel;
        }

        if (info is not null)
        {
            options["info"] = info;
        }

        return TokenCommand.Create(options, new ConfigurationBuilder().Build(), now ?? DateTimeOffset.UtcNow);
    }
}
