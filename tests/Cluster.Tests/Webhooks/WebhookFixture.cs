using System.Globalization;
using Realtime.Cluster.Tests.Auth;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests.Webhooks;

/// <summary>
/// Two edges whose silos send webhooks to a real receiver in the test, with one shard (so every event
/// shares one ordered queue), a short batch window and fast retries.
/// </summary>
public sealed class WebhookFixture() : TwoEdgeCluster("hooks-" + Guid.NewGuid().ToString("N")[..8], Settings)
{
    public const string Secret = "webhook-test-secret-of-at-least-32-bytes";

    private static readonly int ReceiverPort = FreePort.Next();

    private WebhookReceiver? _receiver;

    public WebhookReceiver Receiver => _receiver ?? throw new InvalidOperationException("not started");

    /// <summary>The namespaces whose client publications go through the receiver's publish proxy: name, proxy mode, failure policy.</summary>
    public static IReadOnlyList<(string Namespace, string Mode, string Policy)> ProxiedNamespaces { get; } =
    [
        ("pxapprove", "approve", "Reject"),
        ("pxrewrite", "rewrite", "Reject"),
        ("pxhuge", "huge", "Reject"),
        ("pxrefuse", "refuse", "Reject"),
        ("pxteapot", "teapot", "Reject"),
        ("pxfail", "fail", "Reject"),
        ("pxfailallow", "fail", "Allow"),
        ("pxgarbage", "garbage", "Reject"),
        ("pxhang", "hang", "Reject"),
        ("pxhangallow", "hang", "Allow"),
    ];

    public static IReadOnlyDictionary<string, string?> Settings { get; } = ProxiedNamespaces.SelectMany(p => new Dictionary<string, string?>
    {
        [$"Namespaces:{p.Namespace}:Anonymous"] = "All",
        [$"Namespaces:{p.Namespace}:ClientPublish"] = "true",
        [$"Namespaces:{p.Namespace}:PublishProxy"] = $"http://127.0.0.1:{ReceiverPort.ToString(CultureInfo.InvariantCulture)}/publish/{p.Mode}",
        [$"Namespaces:{p.Namespace}:PublishProxyFailure"] = p.Policy,
        [$"Namespaces:{p.Namespace}:PublishProxyTimeout"] = "00:00:00.300",
    }).Concat(new Dictionary<string, string?>
    {
        ["Webhooks:Url"] = "http://127.0.0.1:" + ReceiverPort.ToString(CultureInfo.InvariantCulture) + "/hooks",
        ["Webhooks:Secret"] = Secret,
        ["Webhooks:Shards"] = "1",
        ["Webhooks:BatchWindow"] = "00:00:00.100",
        ["Webhooks:InitialBackoff"] = "00:00:00.100",
        ["Webhooks:MaxBackoff"] = "00:00:00.500",
        ["Webhooks:Timeout"] = "00:00:02",

        // Connection tokens as AuthFixture signs them; anonymous clients stay allowed.
        ["Auth:HmacSecret"] = AuthFixture.Secret,
        ["Auth:Audience"] = "realtime",
        ["Auth:Issuer"] = "app-backend",

        ["Namespaces:hook:Presence"] = "true",
        ["Namespaces:hook:JoinLeave"] = "true",
        ["Namespaces:hook:Authenticated"] = "Subscribe, Presence",
        ["Namespaces:hd:Handler"] = typeof(Handlers.TestChannelHandler).FullName,
        // Long enough for a first activation on a loaded machine; the hanging handlers wait it out.
        ["Namespaces:hd:HandlerTimeout"] = "00:00:02",
        ["Namespaces:hd:Authenticated"] = "All",
        ["Namespaces:hd:ClientPublish"] = "true",
        ["Namespaces:hd:Presence"] = "true",
        ["Namespaces:hookpub:Anonymous"] = "All",
        ["Namespaces:hookpub:ClientPublish"] = "true",
        ["Namespaces:hookpub:PublishWebhook"] = "true",
    }).ToDictionary();

    public override async Task InitializeAsync()
    {
        // The receiver first: the silos send to it as soon as they run.
        _receiver = await WebhookReceiver.StartAsync(ReceiverPort);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            if (_receiver is not null)
            {
                await _receiver.DisposeAsync();
            }
        }
    }
}
