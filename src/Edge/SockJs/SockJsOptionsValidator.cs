using Microsoft.Extensions.Options;

namespace Realtime.Edge.SockJs;

/// <summary>Start-up validation of <see cref="SockJsOptions"/> beyond the data annotations.</summary>
internal sealed class SockJsOptionsValidator : IValidateOptions<SockJsOptions>
{
    public ValidateOptionsResult Validate(string? name, SockJsOptions options)
    {
        var failures = new List<string>();
        if (options.HeartbeatInterval <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(SockJsOptions.HeartbeatInterval)} must be positive.");
        }

        if (options.DisconnectDelay <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(SockJsOptions.DisconnectDelay)} must be positive.");
        }

        if (options.HandshakeTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(SockJsOptions.HandshakeTimeout)} must be positive.");
        }

        if (options.ResponseLimit < 1)
        {
            failures.Add($"{nameof(SockJsOptions.ResponseLimit)} must be at least 1 byte.");
        }

        if (options.MaxMessageBytes < 16)
        {
            failures.Add($"{nameof(SockJsOptions.MaxMessageBytes)} must be at least 16 bytes.");
        }

        if (options.MaxQueuedBytes < 1024)
        {
            failures.Add($"{nameof(SockJsOptions.MaxQueuedBytes)} must be at least 1024 bytes.");
        }

        if (options.MinSessionIdLength < 1)
        {
            failures.Add($"{nameof(SockJsOptions.MinSessionIdLength)} must be at least 1.");
        }

        if (options.ProbeBudget < 0)
        {
            failures.Add($"{nameof(SockJsOptions.ProbeBudget)} must be 0 (no limit) or more.");
        }

        if (options.MaxSessionsPerAddress < 0)
        {
            failures.Add($"{nameof(SockJsOptions.MaxSessionsPerAddress)} must be 0 (no limit) or more.");
        }

        if (options.MaxFramesPerSecond < 0)
        {
            failures.Add($"{nameof(SockJsOptions.MaxFramesPerSecond)} must be 0 (no limit) or more.");
        }

        if (options.MaxWebSocketConnections < 0)
        {
            failures.Add($"{nameof(SockJsOptions.MaxWebSocketConnections)} must be 0 (no limit) or more.");
        }

        if (options.HandshakeTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{nameof(SockJsOptions.HandshakeTimeout)} must be at most 5 minutes.");
        }

        if (options.ProbeWindow <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(SockJsOptions.ProbeWindow)} must be positive.");
        }

        if (options.ForwardingSecret is { } secret && System.Text.Encoding.UTF8.GetByteCount(secret) < 32)
        {
            failures.Add($"{nameof(SockJsOptions.ForwardingSecret)} must be at least 32 bytes when set.");
        }

        foreach (var origin in options.AllowedOrigins)
        {
            if (!Security.OriginPolicy.IsValidEntry(origin))
            {
                failures.Add($"{nameof(SockJsOptions.AllowedOrigins)} entry \"{origin}\" is not \"*\", \"null\", scheme://host[:port] or scheme://*.domain[:port].");
            }
        }

        // The protocol suite requires the script URL to be absolute or root-relative.
        if (string.IsNullOrWhiteSpace(options.SockJsUrl)
            || !(options.SockJsUrl.StartsWith('/') || options.SockJsUrl.StartsWith("http", StringComparison.OrdinalIgnoreCase)))
        {
            failures.Add($"{nameof(SockJsOptions.SockJsUrl)} must start with '/' or 'http'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
