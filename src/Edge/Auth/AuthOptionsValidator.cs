using Microsoft.Extensions.Options;

namespace Realtime.Edge.Auth;

/// <summary>Checks the <c>Auth</c> section at start-up: keys load, and some way to connect exists.</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var errors = new List<string>();
        int keys = 0;
        try
        {
            keys = SigningKeys.Load(options).Count;
        }
        catch (InvalidOperationException ex)
        {
            errors.Add(ex.Message);
        }

        if (keys == 0 && errors.Count == 0 && !options.AllowAnonymous)
        {
            errors.Add("Auth: no Auth:HmacSecret or Auth:PublicKeys and Auth:AllowAnonymous is false, so no client could connect.");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(10))
        {
            errors.Add("Auth:ClockSkew must be 0 to 10 minutes.");
        }

        if (options.RefreshLead <= TimeSpan.Zero)
        {
            errors.Add("Auth:RefreshLead must be positive.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
