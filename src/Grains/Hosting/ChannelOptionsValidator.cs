using Microsoft.Extensions.Options;

namespace Realtime.Grains.Hosting;

/// <summary>Start-up validation of <see cref="ChannelOptions"/>.</summary>
internal sealed class ChannelOptionsValidator : IValidateOptions<ChannelOptions>
{
    public ValidateOptionsResult Validate(string? name, ChannelOptions options)
    {
        var failures = new List<string>();
        if (options.EdgeLease < TimeSpan.FromMilliseconds(300))
        {
            failures.Add("Channels:EdgeLease must be at least 300 ms.");
        }

        if (options.RecentBufferSize is < 1 or > 1_000_000)
        {
            failures.Add("Channels:RecentBufferSize must be between 1 and 1,000,000.");
        }

        if (options.IdempotencyWindow <= TimeSpan.Zero || options.IdempotencyWindow > TimeSpan.FromDays(1))
        {
            failures.Add("Channels:IdempotencyWindow must be more than zero and at most a day.");
        }

        if (options.MaxIdempotencyKeys is < 1 or > 1_000_000)
        {
            failures.Add("Channels:MaxIdempotencyKeys must be between 1 and 1,000,000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
