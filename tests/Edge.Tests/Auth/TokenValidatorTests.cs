using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Realtime.Edge.Auth;

namespace Realtime.Edge.Tests.Auth;

/// <summary>Tokens made by the token tool and by hand, checked by the validator with real keys.</summary>
public sealed class TokenValidatorTests(TestKeys keys) : IClassFixture<TestKeys>
{
    private static readonly IConfiguration NoConfiguration = new ConfigurationBuilder().Build();

    private TokenValidator Validator(string? audience = "rt", string? issuer = "backend") => new(Options.Create(new AuthOptions
    {
        HmacSecret = TestKeys.Secret,
        PublicKeys = [keys.RsaPublicPem, keys.EcJwks],
        Audience = audience,
        Issuer = issuer,
        ClockSkew = TimeSpan.Zero,
    }));

    private static string Token(DateTimeOffset? now = null, params (string Name, string Value)[] options)
    {
        var all = new Dictionary<string, string> { ["sub"] = "alice", ["aud"] = "rt", ["iss"] = "backend", ["secret"] = TestKeys.Secret };
        foreach (var (name, value) in options)
        {
            all[name] = value;
        }

        return TokenCommand.Create(all, NoConfiguration, now ?? DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Hs256Token_FromTheTokenTool_GivesUserExpiryInfoAndCaps()
    {
        var now = DateTimeOffset.UtcNow;
        var claims = await Validator().ValidateConnectionAsync(Token(now, ("caps", "chat:*=subscribe,publish;news=subscribe"), ("info", """{"name":"Alice"}"""), ("ttl", "1h")));
        Assert.Equal("alice", claims.User);
        Assert.Equal(now.AddHours(1).ToUnixTimeSeconds(), claims.Expires!.Value.ToUnixTimeSeconds());
        Assert.Equal("""{"name":"Alice"}""", claims.Info);
        Assert.Equal(ChannelOps.Subscribe | ChannelOps.Publish, claims.Capabilities.For("chat:x"));
        Assert.Equal(ChannelOps.Subscribe, claims.Capabilities.For("news"));
        Assert.Equal(ChannelOps.None, claims.Capabilities.For("chatroom:x"));
    }

    [Fact]
    public async Task Rs256FromPem_AndEs256FromJwks_AreAccepted()
    {
        var validator = Validator();
        var rsa = TokenCommand.Parse(["--sub", "bob", "--aud", "rt", "--iss", "backend", "--key", keys.RsaPrivatePem]);
        Assert.Equal("bob", (await validator.ValidateConnectionAsync(TokenCommand.Create(rsa, NoConfiguration, DateTimeOffset.UtcNow))).User);
        var ec = TokenCommand.Parse(["--sub", "carol", "--aud", "rt", "--iss", "backend", "--key", keys.EcPrivatePem]);
        Assert.Equal("carol", (await validator.ValidateConnectionAsync(TokenCommand.Create(ec, NoConfiguration, DateTimeOffset.UtcNow))).User);
    }

    private static List<(string Token, string Reason)> BadTokens(TestKeys keys)
    {
        var now = DateTimeOffset.UtcNow;
        var good = Token();
        var data = new List<(string, string)>
        {
            (Token(null, ("secret", "another-secret-that-is-long-enough-for-hs256")), "token signature invalid"),
            (good[..^2] + (good[^2] == 'A' ? "BB" : "AA"), "token signature invalid"),
            (Token(null, ("key", keys.OtherRsaPrivatePem)), "token signature invalid"),
            (Token(null, ("secret", File.ReadAllText(keys.RsaPublicPem))), "token signature invalid"),
            (Unsigned(), "token signature invalid"),
            (Token(now.AddHours(-2), ("ttl", "1h")), "token expired"),
            (Token(now.AddHours(1)), "token not yet valid"),
            (Token(null, ("aud", "someone-else")), "token audience invalid"),
            (Token(null, ("iss", "someone-else")), "token issuer invalid"),
            ("not-a-token", "token malformed"),
            ("a.b.c", "token malformed"),
            (string.Empty, "token malformed"),
            (Token(null, ("sub", string.Empty)), "token has no \"sub\""),
            (Token(null, ("channel", "chat:x")), "a subscription token cannot be used to connect"),
        };
        return data;
    }

    [Fact]
    public async Task BadTokens_AreRejected_WithAReasonEach()
    {
        var validator = Validator();
        foreach (var (token, reason) in BadTokens(keys))
        {
            var error = await Assert.ThrowsAsync<TokenRejectedException>(() => validator.ValidateConnectionAsync(token));
            Assert.True(error.Message.StartsWith(reason, StringComparison.Ordinal) || (reason == "token signature invalid" && error.Message == "token algorithm not allowed"),
                $"token {token[..Math.Min(token.Length, 40)]}...: expected \"{reason}\", got \"{error.Message}\"");
        }
    }

    [Fact]
    public async Task AlgNone_IsRejected_EvenWithoutAudienceOrIssuerChecks()
    {
        var error = await Assert.ThrowsAsync<TokenRejectedException>(() => Validator(null, null).ValidateConnectionAsync(Unsigned()));
        Assert.NotEqual(string.Empty, error.Message);
    }

    [Fact]
    public async Task MalformedCapsClaim_IsRejected()
    {
        var token = Hs256("""{"sub":"alice","aud":"rt","iss":"backend","caps":{"chat:*":["subscribe","root"]}}""");
        var error = await Assert.ThrowsAsync<TokenRejectedException>(() => Validator().ValidateConnectionAsync(token));
        Assert.Contains("unknown op \"root\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubscriptionToken_MustMatchUserAndChannel_AndHaveExp()
    {
        var validator = Validator();
        var ok = await validator.ValidateSubscriptionAsync(Token(null, ("channel", "private:a"), ("caps", "publish,history")), "alice", "private:a");
        Assert.Equal(ChannelOps.Subscribe | ChannelOps.Publish | ChannelOps.History, ok.Ops);

        await AssertRejected("subscription token is for another user", () => validator.ValidateSubscriptionAsync(Token(null, ("channel", "private:a"), ("sub", "mallory")), "alice", "private:a"));
        await AssertRejected("subscription token is for another channel", () => validator.ValidateSubscriptionAsync(Token(null, ("channel", "private:b")), "alice", "private:a"));
        await AssertRejected("subscription token is for another channel", () => validator.ValidateSubscriptionAsync(Token(), "alice", "private:a"));
        await AssertRejected("token expired", () => validator.ValidateSubscriptionAsync(Token(DateTimeOffset.UtcNow.AddHours(-2), ("channel", "private:a"), ("ttl", "1h")), "alice", "private:a"));
        await AssertRejected("subscription token has no \"exp\"", () => validator.ValidateSubscriptionAsync(
            Hs256("""{"sub":"alice","aud":"rt","iss":"backend","channel":"private:a"}"""), "alice", "private:a"));
    }

    [Fact]
    public async Task ServerWithoutKeys_RejectsEveryToken()
    {
        var validator = new TokenValidator(Options.Create(new AuthOptions { AllowAnonymous = true }));
        await AssertRejected("this server accepts no tokens", () => validator.ValidateConnectionAsync(Token()));
    }

    private static async Task AssertRejected<T>(string reason, Func<Task<T>> validate)
    {
        var error = await Assert.ThrowsAsync<TokenRejectedException>(validate);
        Assert.StartsWith(reason, error.Message, StringComparison.Ordinal);
    }

    private static string Unsigned() =>
        Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""") + "." +
        Base64UrlEncoder.Encode($$"""{"sub":"alice","aud":"rt","iss":"backend","exp":{{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}}}""") + ".";

    // A hand-built HS256 token, for claims the token tool would never write.
    private static string Hs256(string payload)
    {
        var body = Base64UrlEncoder.Encode("""{"alg":"HS256","typ":"JWT"}""") + "." + Base64UrlEncoder.Encode(payload);
        var signature = System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(TestKeys.Secret), Encoding.UTF8.GetBytes(body));
        return body + "." + Base64UrlEncoder.Encode(signature);
    }

    [Theory]
    [InlineData("90")]
    [InlineData("1w")]
    [InlineData("-5m")]
    [InlineData("soon")]
    public void TokenTool_RefusesATtlWithoutAUnit(string ttl)
    {
        var error = new StringWriter();
        Assert.Equal(2, TokenCommand.Run(["--sub", "alice", "--secret", TestKeys.Secret, "--ttl", ttl], NoConfiguration, TextWriter.Null, error));
        Assert.Contains("--ttl", error.ToString(), StringComparison.Ordinal);
    }
}
