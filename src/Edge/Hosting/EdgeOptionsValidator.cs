using Microsoft.Extensions.Options;

namespace Realtime.Edge.Hosting;

/// <summary>Refuses to start with an <see cref="EdgeOptions.TrustedProxies"/> entry that is no address or network.</summary>
internal sealed class EdgeOptionsValidator : IValidateOptions<EdgeOptions>
{
    public ValidateOptionsResult Validate(string? name, EdgeOptions options)
    {
        var bad = options.TrustedProxies.Where(e => TrustedProxies.Parse(e) is null).ToList();
        return bad.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Edge:TrustedProxies: {string.Join(", ", bad.Select(e => $"\"{e}\""))} is not an IP address or a CIDR network (10.0.0.0/8).");
    }
}
