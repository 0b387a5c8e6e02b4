using Microsoft.Extensions.Options;

namespace Realtime.Edge.Api;

/// <summary>Checks the <c>Api</c> section at start-up, naming the key that is wrong but never showing a secret.</summary>
internal sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public const int MinRequestBytes = 1024;
    public const int MaxRequestBytes = 16 * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var errors = new List<string>(options.BindErrors);
        if (options.MaxRequestBytes is < MinRequestBytes or > MaxRequestBytes)
        {
            errors.Add($"{ApiOptions.SectionName}:{nameof(ApiOptions.MaxRequestBytes)} must be {MinRequestBytes:N0} to {MaxRequestBytes:N0}.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Keys.Count; i++)
        {
            var key = options.Keys[i];
            var path = $"{ApiOptions.SectionName}:{nameof(ApiOptions.Keys)}:{i}";
            if (key.Key.Length < ApiOptions.MinKeyLength)
            {
                errors.Add($"{path}:Key has {key.Key.Length} characters; an API key needs at least {ApiOptions.MinKeyLength}.");
            }
            else if (key.Key.Any(char.IsWhiteSpace))
            {
                errors.Add($"{path}:Key contains white space, which the Authorization header cannot carry.");
            }
            else if (!seen.Add(key.Key))
            {
                errors.Add($"{path}:Key repeats an earlier key.");
            }

            for (var j = 0; j < key.Namespaces.Count; j++)
            {
                var ns = key.Namespaces[j];
                if (ns.Length == 0 || !ns.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '$' or '@'))
                {
                    errors.Add($"{path}:Namespaces:{j}: a namespace name is letters, digits and _.-$@ (leave the list empty for every namespace).");
                }
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
