using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Realtime.Edge.Auth;

/// <summary>
/// <c>dotnet run --project src/Edge -- token --sub alice --caps 'chat:*=subscribe,publish' --ttl 1h</c>:
/// prints a token signed with the configured key, for operators trying the cluster and for tests.
/// The app backend does the same with its own JWT library in production.
/// </summary>
public static class TokenCommand
{
    private const string Usage = """
        usage: token --sub USER [--caps 'PATTERN=op,op;PATTERN=op'] [--ttl 1h] [--info JSON]
                     [--channel NAME] [--aud AUD] [--iss ISS] [--key PRIVATE_KEY.pem] [--secret SECRET]
          ops: subscribe, publish, presence, history, state. --channel makes a subscription token (its --caps is
          then a plain op list: 'publish,history'). Signs with Auth:HmacSecret unless --key or --secret.
        """;

    /// <summary>Runs the command; returns the process exit code.</summary>
    public static int Run(string[] args, IConfiguration configuration, TextWriter output, TextWriter error)
    {
        try
        {
            output.WriteLine(Create(Parse(args), configuration, DateTimeOffset.UtcNow));
            return 0;
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or IOException or CryptographicException or ArgumentException)
        {
            error.WriteLine("token: " + ex.Message);
            error.WriteLine(Usage);
            return 2;
        }
    }

    /// <summary>Signs the token the options describe.</summary>
    public static string Create(IReadOnlyDictionary<string, string> options, IConfiguration configuration, DateTimeOffset now)
    {
        var sub = options.GetValueOrDefault("sub") ?? throw new FormatException("--sub is required");
        var ttl = ParseDuration(options.GetValueOrDefault("ttl") ?? "1h");
        var claims = new Dictionary<string, object> { ["sub"] = sub };
        if (options.TryGetValue("channel", out var channel))
        {
            claims["channel"] = channel;
        }

        if (options.TryGetValue("caps", out var caps))
        {
            claims["caps"] = channel is null ? CapsObject(caps) : OpsArray(caps, channel);
        }

        if (options.TryGetValue("info", out var info))
        {
            using var document = JsonDocument.Parse(info);
            claims["info"] = document.RootElement.Clone();
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + ttl).UtcDateTime,
            Audience = options.GetValueOrDefault("aud") ?? configuration["Auth:Audience"],
            Issuer = options.GetValueOrDefault("iss") ?? configuration["Auth:Issuer"],
            SigningCredentials = Credentials(options, configuration),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>Reads <c>--name value</c> pairs.</summary>
    public static Dictionary<string, string> Parse(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new FormatException($"expected --name value, got \"{args[i]}\"");
            }

            var name = args[i][2..];
            if (name is not ("sub" or "caps" or "ttl" or "info" or "channel" or "aud" or "iss" or "key" or "secret"))
            {
                throw new FormatException($"unknown option --{name}");
            }

            options[name] = options.TryGetValue(name, out var earlier) && name == "caps" ? earlier + ";" + args[i + 1] : args[i + 1];
        }

        return options;
    }

    private static SigningCredentials Credentials(IReadOnlyDictionary<string, string> options, IConfiguration configuration)
    {
        if (options.TryGetValue("key", out var path))
        {
            var key = SigningKeys.FromPem(File.ReadAllText(path), keyId: null);
            return new SigningCredentials(key, key is RsaSecurityKey ? SecurityAlgorithms.RsaSha256 : SecurityAlgorithms.EcdsaSha256);
        }

        var secret = options.GetValueOrDefault("secret") ?? configuration["Auth:HmacSecret"]
            ?? throw new InvalidOperationException("no Auth:HmacSecret configured; pass --secret or --key");
        return new SigningCredentials(SigningKeys.Hmac(secret), SecurityAlgorithms.HmacSha256);
    }

    private static Dictionary<string, object> CapsObject(string text)
    {
        var caps = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var entry in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"--caps entry \"{entry}\" is not PATTERN=op,op");
            }

            caps[entry[..equals]] = OpsArray(entry[(equals + 1)..], entry[..equals]);
        }

        return caps;
    }

    private static string[] OpsArray(string text, string where)
    {
        var ops = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var op in ops)
        {
            Capabilities.ParseOp(op);
        }

        return ops.Length > 0 ? ops : throw new FormatException($"--caps for \"{where}\" lists no ops");
    }

    private static TimeSpan ParseDuration(string text)
    {
        if (text.Length > 1 && long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            switch (text[^1])
            {
                case 's': return TimeSpan.FromSeconds(n);
                case 'm': return TimeSpan.FromMinutes(n);
                case 'h': return TimeSpan.FromHours(n);
                case 'd': return TimeSpan.FromDays(n);
            }
        }

        // A bare number would parse as days; demand a unit or hh:mm:ss.
        return text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero
            ? span
            : throw new FormatException($"--ttl \"{text}\" is not like 90s, 30m, 1h, 7d or hh:mm:ss");
    }
}
