using Dashboard.Features.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Dashboard.Features.Account;

public static class AccountEndpoints
{
    /// <summary><c>POST /account/logout</c> (antiforgery-checked form post): signs out and returns to the sign-in page.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(DashboardUrls.SignOutPath, async (SignInManager<DashboardUser> signIn, UserManager<DashboardUser> users, HttpContext context, [FromForm] string? everywhere) =>
            {
                if (everywhere == "true" && await users.GetUserAsync(context.User) is { } user)
                {
                    // A new security stamp invalidates every cookie this user holds, including copies.
                    await users.UpdateSecurityStampAsync(user);
                }
                await signIn.SignOutAsync();
                return TypedResults.LocalRedirect(DashboardUrls.SignInPath);
            })
            .AllowAnonymous();
        return endpoints;
    }
}
