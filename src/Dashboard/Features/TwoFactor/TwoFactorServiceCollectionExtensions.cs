using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.TwoFactor;

public static class TwoFactorServiceCollectionExtensions
{
    public static IServiceCollection AddTwoFactor(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TwoFactorOptions>()
            .Bind(configuration.GetSection(TwoFactorOptions.SectionName))
            .Validate(o => o.DefaultRoles is not null, $"{TwoFactorOptions.SectionName}:RequiredRolesDefault must be role names separated by commas ({string.Join(", ", Auth.Roles.All)}) or 'none'.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Issuer), $"{TwoFactorOptions.SectionName}:Issuer must not be empty.")
            .Validate(o => o.PendingSignInLifetime >= TimeSpan.FromMinutes(1) && o.PendingSignInLifetime <= TimeSpan.FromHours(1), $"{TwoFactorOptions.SectionName}:PendingSignInLifetime must be between 1 minute and 1 hour.")
            .ValidateOnStart();
        services.AddSingleton<TwoFactorPolicy>();
        services.AddSingleton<TwoFactorCommands>();
        services.AddScoped<TwoFactorSignIn>();
        // The half-way cookie of a sign-in (Identity's two-factor user-id scheme): short, same-site, never a session.
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme).Configure<IOptions<TwoFactorOptions>>((o, twoFactor) =>
        {
            o.Cookie.Name = "dashboard.2fa";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.ExpireTimeSpan = twoFactor.Value.PendingSignInLifetime;
            o.SlidingExpiration = false;
        });
        return services;
    }
}
