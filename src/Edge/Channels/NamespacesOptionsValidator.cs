using Microsoft.Extensions.Options;
using Realtime.Grains.Hosting;

namespace Realtime.Edge.Channels;

/// <summary>Checks the <c>Namespaces</c> section at start-up, naming the key that is wrong.</summary>
/// <param name="persistence">The cluster's grain storage for channels (<c>Cluster:Persistence</c>); durable namespaces need one.</param>
internal sealed class NamespacesOptionsValidator(ChannelPersistence persistence = ChannelPersistence.None) : IValidateOptions<NamespacesOptions>
{
    /// <summary>Largest history per channel: the channel grain holds it in memory.</summary>
    public const int MaxHistorySize = 100_000;

    /// <summary>Most keys a channel's state may be allowed: the channel grain holds them in memory.</summary>
    public const int MaxStateKeys = 1_000_000;

    public ValidateOptionsResult Validate(string? name, NamespacesOptions options)
    {
        var errors = new List<string>(options.BindErrors);
        foreach (var (ns, o) in options.Entries)
        {
            var key = $"{NamespacesOptions.SectionName}:{ns}";
            if (ns != ChannelNamespaces.Wildcard && (ns.Length == 0 || !ns.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '$' or '@')))
            {
                errors.Add($"{key}: a namespace name is letters, digits and _.-$@ (or \"*\" for all others).");
            }

            Check(errors, o.HistorySize is >= 0 and <= MaxHistorySize, $"{key}:HistorySize must be 0 to {MaxHistorySize:N0}.");
            Check(errors, o.HistoryTtl >= TimeSpan.Zero, $"{key}:HistoryTtl must not be negative.");
            Check(errors, o.MaxSubscribers >= 0, $"{key}:MaxSubscribers must not be negative.");
            Check(errors, o.MaxMessageBytes is >= 0 and <= 16 * 1024 * 1024, $"{key}:MaxMessageBytes must be 0 to 16 MiB.");
            Check(errors, o.MaxKeys is >= 1 and <= MaxStateKeys, $"{key}:MaxKeys must be 1 to {MaxStateKeys:N0}.");
            Check(errors, o.MaxValueBytes is >= 0 and <= 16 * 1024 * 1024, $"{key}:MaxValueBytes must be 0 to 16 MiB.");
            Check(errors, !o.JoinLeave || o.Presence, $"{key}:JoinLeave needs Presence.");
            Check(errors, o.HistoryTtl == TimeSpan.Zero || o.HistorySize > 0, $"{key}:HistoryTtl needs HistorySize.");
            Check(errors, o.PublishProxy is null || (o.PublishProxy.IsAbsoluteUri && o.PublishProxy.Scheme is "http" or "https"), $"{key}:PublishProxy must be an absolute http or https URL.");
            Check(errors, o.PublishProxyTimeout > TimeSpan.Zero && o.PublishProxyTimeout <= TimeSpan.FromSeconds(30), $"{key}:PublishProxyTimeout must be more than zero and at most 30 s.");
            Check(errors, o.Handler is null || o.Handler.Trim().Length > 0, $"{key}:Handler must name a grain class.");
            Check(errors, o.HandlerTimeout > TimeSpan.Zero && o.HandlerTimeout <= TimeSpan.FromSeconds(30), $"{key}:HandlerTimeout must be more than zero and at most 30 s.");
            Check(errors, !o.Durable || persistence != ChannelPersistence.None, $"{key}:Durable needs Cluster:Persistence (Memory or Redis): without grain storage a durable channel could not keep its history.");
            Check(errors, !o.Durable || !o.KeepsValue, $"{key}: Durable and KeepsValue do not go together: keyed state lives in memory only, so a durable channel re-created from its record would keep its epoch but lose its keys, and nothing would tell its subscribers.");
            Check(errors, !o.Durable || !o.Presence, $"{key}: Durable and Presence do not go together: a durable channel re-created from its record keeps its epoch but not its members, and nothing would tell them.");
            Check(errors, !o.Private || (o.Anonymous & Auth.ChannelOps.Subscribe) == 0, $"{key}: a private namespace cannot let anonymous connections subscribe.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, bool ok, string message)
    {
        if (!ok)
        {
            errors.Add(message);
        }
    }
}
