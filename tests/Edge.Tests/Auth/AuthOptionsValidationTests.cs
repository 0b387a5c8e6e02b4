using Realtime.Edge.Auth;
using Realtime.Edge.Channels;
using Realtime.Grains.Hosting;

namespace Realtime.Edge.Tests.Auth;

/// <summary>Start-up validation names the key that is wrong.</summary>
public sealed class AuthOptionsValidationTests(TestKeys keys) : IClassFixture<TestKeys>
{
    [Fact]
    public void AuthOptions()
    {
        var validator = new AuthOptionsValidator();
        Assert.True(validator.Validate(null, new AuthOptions { HmacSecret = TestKeys.Secret }).Succeeded);
        Assert.True(validator.Validate(null, new AuthOptions { PublicKeys = [keys.RsaPublicPem, keys.EcJwks] }).Succeeded);
        Assert.True(validator.Validate(null, new AuthOptions { AllowAnonymous = true }).Succeeded);

        Assert.Contains("no client could connect", validator.Validate(null, new AuthOptions()).FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Auth:HmacSecret has 5 bytes", validator.Validate(null, new AuthOptions { HmacSecret = "short" }).FailureMessage, StringComparison.Ordinal);
        Assert.Contains("cannot read", validator.Validate(null, new AuthOptions { PublicKeys = [Path.Combine(keys.Folder, "missing.pem")] }).FailureMessage, StringComparison.Ordinal);
        var garbage = Path.Combine(keys.Folder, "garbage.pem");
        File.WriteAllText(garbage, "not a key");
        Assert.Contains("neither a PEM public key nor a JWKS document", validator.Validate(null, new AuthOptions { PublicKeys = [garbage] }).FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Auth:ClockSkew", validator.Validate(null, new AuthOptions { AllowAnonymous = true, ClockSkew = TimeSpan.FromHours(1) }).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void NamespaceOptions()
    {
        var validator = new NamespacesOptionsValidator();
        var ok = new NamespacesOptions
        {
            Entries =
            {
                ["chat"] = new() { Presence = true, JoinLeave = true, HistorySize = 10, HistoryTtl = TimeSpan.FromMinutes(1) },
                ["doc"] = new() { KeepsValue = true, MaxKeys = 1_000_000, MaxValueBytes = 16 * 1024 * 1024 },
                ["*"] = new(),
            },
        };
        Assert.True(validator.Validate(null, ok).Succeeded);

        Fails("Namespaces:bad name", new() { });
        Fails("Namespaces:chat:JoinLeave needs Presence", new() { JoinLeave = true });
        Fails("Namespaces:chat:HistorySize must be 0 to 100,000", new() { HistorySize = -1 });
        Fails("Namespaces:chat:HistoryTtl needs HistorySize", new() { HistoryTtl = TimeSpan.FromSeconds(5) });
        Fails("Namespaces:chat:MaxSubscribers", new() { MaxSubscribers = -1 });
        Fails("Namespaces:chat: a private namespace cannot let anonymous", new() { Private = true, Anonymous = ChannelOps.Subscribe });
        Fails("Namespaces:chat:MaxKeys must be 1 to 1,000,000", new() { KeepsValue = true, MaxKeys = 0 });
        Fails("Namespaces:chat:MaxKeys must be 1 to 1,000,000", new() { MaxKeys = 1_000_001 });
        Fails("Namespaces:chat:MaxValueBytes must be 0 to 16 MiB", new() { MaxValueBytes = -1 });

        void Fails(string message, NamespaceOptions options)
        {
            var name = message.StartsWith("Namespaces:bad name", StringComparison.Ordinal) ? "bad name" : "chat";
            var result = validator.Validate(null, new NamespacesOptions { Entries = { [name] = options } });
            Assert.True(result.Failed, message);
            Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void DurableNamespaces_NeedPersistence_AndNoPresence()
    {
        var durable = new NamespacesOptions { Entries = { ["orders"] = new() { Durable = true, HistorySize = 10 } } };
        Assert.Contains("Namespaces:orders:Durable needs Cluster:Persistence", new NamespacesOptionsValidator().Validate(null, durable).FailureMessage, StringComparison.Ordinal);
        Assert.True(new NamespacesOptionsValidator(ChannelPersistence.Memory).Validate(null, durable).Succeeded);
        Assert.True(new NamespacesOptionsValidator(ChannelPersistence.Redis).Validate(null, durable).Succeeded);

        var withPresence = new NamespacesOptions { Entries = { ["orders"] = new() { Durable = true, Presence = true } } };
        Assert.Contains("Durable and Presence do not go together", new NamespacesOptionsValidator(ChannelPersistence.Redis).Validate(null, withPresence).FailureMessage, StringComparison.Ordinal);

        var withState = new NamespacesOptions { Entries = { ["orders"] = new() { Durable = true, KeepsValue = true } } };
        Assert.Contains("Durable and KeepsValue do not go together", new NamespacesOptionsValidator(ChannelPersistence.Redis).Validate(null, withState).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ChannelsResolveToTheirNamespace()
    {
        var namespaces = new ChannelNamespaces(Microsoft.Extensions.Options.Options.Create(new NamespacesOptions
        {
            Entries = { ["chat"] = new() { Presence = true }, ["default"] = new() { HistorySize = 5 } },
        }));
        Assert.True(namespaces.Find("chat:room")!.Presence);
        Assert.Equal(5, namespaces.Find("lobby")!.HistorySize);
        Assert.Null(namespaces.Find("chatroom:x"));
        Assert.Null(namespaces.Find("news:x"));
        Assert.Equal("news", ChannelNamespaces.NameOf("news:x:y"));
    }
}
