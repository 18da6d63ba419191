using Microsoft.Extensions.Options;

namespace Dashboard.Features.Auth;

/// <summary>Fails start-up with one message per problem in the session settings, each naming the setting.</summary>
public sealed class ValidateAuthOptions : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var errors = new List<string>();
        if (options.RevalidationInterval < TimeSpan.FromSeconds(1) || options.RevalidationInterval > TimeSpan.FromMinutes(5))
        {
            errors.Add($"Dashboard:RevalidationInterval is {options.RevalidationInterval}; it must be between 1 second and 5 minutes.");
        }
        if (options.SessionOutageGrace < options.RevalidationInterval || options.SessionOutageGrace > TimeSpan.FromHours(8))
        {
            errors.Add($"Dashboard:SessionOutageGrace is {options.SessionOutageGrace}; it must be at least Dashboard:RevalidationInterval ({options.RevalidationInterval}) and at most 8 hours.");
        }
        if (options.SessionRenewInterval < TimeSpan.FromSeconds(10) || options.SessionRenewInterval > TimeSpan.FromHours(1))
        {
            errors.Add($"Dashboard:SessionRenewInterval is {options.SessionRenewInterval}; it must be between 10 seconds and 1 hour.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
