using Dashboard.Data;
using Dashboard.Features.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Dashboard.Features.Auth;

public static class AuthServiceCollectionExtensions
{
    public const string SignInPath = "/account/login";
    public const string SignOutPath = "/account/logout";
    public const string AccessDeniedPath = "/account/denied";

    public static IServiceCollection AddDashboardAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection("Dashboard"));
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
        services.AddScoped<ICurrentActor, CurrentActor>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<UserCommands>();
        services.AddSingleton<ISchemaSeeder, UserSeeder>();
        services.AddSingleton<DatabaseTicketStore>();
        services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<DatabaseTicketStore>((o, store) => o.SessionStore = store);

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
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
            .AddSignInManager<DashboardSignInManager>()
            .AddDefaultTokenProviders();

        // Every request re-checks the cookie's security stamp, so a disabled or reset user is refused at once.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = SignInPath;
            o.LogoutPath = SignOutPath;
            o.AccessDeniedPath = AccessDeniedPath;
            o.Cookie.Name = "dashboard.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = context =>
            {
                // Machines (hub, endpoints) get a status code; people get the sign-in page.
                if (context.Request.Path.StartsWithSegments("/hubs") || context.Request.Path.StartsWithSegments("/zones", out var rest) && rest.Value is { } endpoint && (endpoint.EndsWith("/export") || endpoint.EndsWith("/import")))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                }
                context.Response.Redirect(context.RedirectUri);
                return Task.CompletedTask;
            };
        });

        // Every endpoint requires a signed-in user unless it says otherwise (sign-in page, /healthz, static assets).
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPermissionPolicies();
        return services;
    }
}
