using Dashboard.Data;
using Dashboard.Features.ApiKeys;
using Dashboard.Features.Audit;
using Dashboard.Features.TwoFactor;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Dashboard.Features.Auth;

public static class AuthServiceCollectionExtensions
{
    /// <summary>The default scheme: forwards to the API key scheme on API endpoints, to the sign-in cookie elsewhere.</summary>
    public const string SelectingScheme = "Dashboard";

    public static IServiceCollection AddDashboardAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection("Dashboard")).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<AuthOptions>, ValidateAuthOptions>();
        services.AddOptions<SignInOptions>()
            .Bind(configuration.GetSection(SignInOptions.SectionName))
            .Validate(o => o.RateLimitPermits >= 1 && o.RateLimitWindow > TimeSpan.Zero, "Dashboard:SignIn: RateLimitPermits must be at least 1 and RateLimitWindow positive.")
            .Validate(o => o.MaxFailures >= 1 && o.LockoutDuration > TimeSpan.Zero, "Dashboard:SignIn: MaxFailures must be at least 1 and LockoutDuration positive.")
            .Validate(o => o.MaxConcurrentHashing >= 1 && o.HashingQueueTimeout > TimeSpan.Zero, "Dashboard:SignIn: MaxConcurrentHashing must be at least 1 and HashingQueueTimeout positive.")
            .ValidateOnStart();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<PasswordHashingGate>();
        services.AddScoped<PasswordSignIn>();
        services.AddSignInRateLimiting();
        services.AddHttpContextAccessor();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingActorStateProvider>();
        services.AddSingleton<ActorResolver>();
        services.AddSingleton<SessionRevocations>();
        services.AddScoped<ICurrentActor, CurrentActor>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<UserCommands>();
        services.AddSingleton<ISchemaSeeder, UserSeeder>();
        services.AddSingleton<DatabaseTicketStore>();
        services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<DatabaseTicketStore>((o, store) => o.SessionStore = store);

        services.AddSingleton<ApiKeyResolver>();
        // The default scheme picks by endpoint: HTTP API endpoints authenticate with an API key only (the cookie is not
        // even read there, so a browser session cannot act on the API), everything else with the sign-in cookie only (a
        // key never opens a page, the hub or an export).
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SelectingScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddPolicyScheme(SelectingScheme, "Cookie or API key, by endpoint", o => o.ForwardDefaultSelector = context =>
                ApiEndpoint.IsTarget(context) ? ApiKeyAuthentication.Scheme : IdentityConstants.ApplicationScheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthentication.Scheme, null)
            .AddIdentityCookies();

        services.AddIdentityCore<DashboardUser>(o =>
            {
                // Length over composition rules (NIST SP 800-63B): 12 characters, no forced symbol soup.
                o.Password.RequiredLength = 12;
                o.Password.RequiredUniqueChars = 4;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                // No per-account lockout: anyone could lock anyone out by guessing. Failures are throttled per
                // (name, client address) instead (SignInThrottle), and sign-in posts are rate-limited per client.
                o.Lockout.AllowedForNewUsers = false;
                o.User.RequireUniqueEmail = false;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<Data.DashboardDbContext>()
            .AddUserManager<DashboardUserManager>()
            .AddSignInManager<DashboardSignInManager>()
            .AddDefaultTokenProviders();

        // Re-checking the stamp rewrites the session row and re-issues the cookie, so it happens at most every
        // SessionRenewInterval, not on every request (static files included). Revocation does not wait for it: signing
        // out, disabling, changing roles, resetting a password and signing out everywhere delete the session rows, which
        // every request reads, and circuits, commands and the hub check user, stamp and session (ActorResolver).
        services.AddOptions<SecurityStampValidatorOptions>().Configure<Microsoft.Extensions.Options.IOptions<AuthOptions>>((o, auth) =>
        {
            o.ValidationInterval = auth.Value.SessionRenewInterval;
            o.OnRefreshingPrincipal = context =>
            {
                // The fresh principal is built from the user; it must keep the session it belongs to.
                if (context.CurrentPrincipal is { } current && context.NewPrincipal is { } fresh)
                {
                    DatabaseTicketStore.CopySessionClaim(current, fresh);
                }
                return Task.CompletedTask;
            };
        });
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = DashboardUrls.SignInPath;
            o.LogoutPath = DashboardUrls.SignOutPath;
            o.AccessDeniedPath = DashboardUrls.AccessDeniedPath;
            o.Cookie.Name = AuthCookie.Name;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = context =>
            {
                // Machine endpoints (the hub, exports) get a status code; people get the sign-in page.
                if (MachineEndpoint.IsTarget(context.HttpContext))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                }
                context.Response.Redirect(context.RedirectUri);
                return Task.CompletedTask;
            };
        });

        services.AddScoped(sp => (DashboardUserManager)sp.GetRequiredService<UserManager<DashboardUser>>());
        services.AddTwoFactor(configuration);

        // Every endpoint requires a signed-in user unless it says otherwise (sign-in page, /healthz, static assets).
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPermissionPolicies();
        return services;
    }
}

/// <summary>The sign-in cookie (it holds only the server-side session's key, see <see cref="DatabaseTicketStore"/>).</summary>
public static class AuthCookie
{
    public const string Name = "dashboard.auth";
}
