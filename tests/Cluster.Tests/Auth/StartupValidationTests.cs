using Microsoft.Extensions.Options;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests.Auth;

/// <summary>An edge with a wrong Auth, Namespaces or Limits setting refuses to start, naming the key.</summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("Auth:AllowAnonymous", "false", "no client could connect")]
    [InlineData("Auth:HmacSecret", "too-short", "Auth:HmacSecret has 9 bytes")]
    [InlineData("Auth:PublicKeys:0", "/nonexistent/key.pem", "Auth:PublicKeys: cannot read")]
    [InlineData("Namespaces:chat:JoinLeave", "true", "Namespaces:chat:JoinLeave needs Presence")]
    [InlineData("Limits:MaxConnectionsPerUser", "-1", "MaxConnectionsPerUser")]
    [InlineData("Namespaces:chat:Private", "ture", "Namespaces:chat")]
    [InlineData("Namespaces:chat:Anonymous", "Subscribe, Bogus", "Namespaces:chat")]
    [InlineData("Namespaces:chat:ClientPublsh", "true", "ClientPublsh")]
    [InlineData("Channels:IdempotencyWindow", "00:00:00", "Channels:IdempotencyWindow must be more than zero")]
    [InlineData("Realtime:StatePageSize", "0", "StatePageSize")]
    [InlineData("Namespaces:chat:Durable", "true", "Namespaces:chat:Durable needs Cluster:Persistence")]
    [InlineData("Cluster:Persistence", "Redis", "Cluster:RedisConnection is required when Cluster:Persistence is Redis")]
    public async Task BadSetting_StopsTheEdgeFromStarting(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => EdgeServer.StartClusterAsync("bad-config-" + Guid.NewGuid().ToString("N")[..8], settings: settings));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
