using System.Text;
using Microsoft.Extensions.Options;

namespace Realtime.Grains.Webhooks;

/// <summary>Start-up validation of <see cref="WebhookOptions"/>.</summary>
internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var failures = new List<string>();
        if (options.Url is { } url)
        {
            if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https"))
            {
                failures.Add("Webhooks:Url must be an absolute http or https URL.");
            }

            if (options.Secret is null || Encoding.UTF8.GetByteCount(options.Secret) < 32)
            {
                failures.Add("Webhooks:Secret must be at least 32 bytes when Webhooks:Url is set.");
            }
        }

        foreach (var unknown in (options.Events ?? []).Where(e => !WebhookEventNames.All.Contains(e, StringComparer.Ordinal)))
        {
            failures.Add($"Webhooks:Events has an unknown event \"{unknown}\"; known: {string.Join(", ", WebhookEventNames.All)}.");
        }

        if (options.MaxBatch is < 1 or > 10_000 || options.MaxQueue < options.MaxBatch || options.Shards is < 1 or > 1024)
        {
            failures.Add("Webhooks: MaxBatch must be 1 to 10,000, MaxQueue at least MaxBatch, Shards 1 to 1,024.");
        }

        if (options.BatchWindow < TimeSpan.Zero || options.Timeout <= TimeSpan.Zero || options.InitialBackoff <= TimeSpan.Zero || options.MaxBackoff < options.InitialBackoff)
        {
            failures.Add("Webhooks: BatchWindow must not be negative, Timeout and InitialBackoff must be positive, MaxBackoff at least InitialBackoff.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
