using Dashboard.Features.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Dashboard.Features.Account;

public static class AccountEndpoints
{
    /// <summary>
    /// <c>POST /account/logout</c> (antiforgery-checked form post): signs out and returns to the sign-in page. With
    /// <c>everywhere=true</c> it ends every session of the user (<see cref="UserCommands.SignOutEverywhereAsync"/>).
    /// Either way the user's other open pages on this instance re-check at once.
    /// </summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(DashboardUrls.SignOutPath, async (SignInManager<DashboardUser> signIn, ActorResolver actors, UserCommands commands,
                SessionRevocations revocations, HttpContext context, [FromForm] string? everywhere) =>
            {
                var userId = actors.UserIdOf(context.User);
                if (everywhere == "true" && await actors.ResolveAsync(context.User, context.RequestAborted) is { } actor)
                {
                    await commands.SignOutEverywhereAsync(actor, actor.UserId, reason: null, context.RequestAborted);
                }
                await signIn.SignOutAsync();
                if (userId is not null)
                {
                    // This session's row is gone: the other tabs of it end now rather than at their next check.
                    revocations.Revoked(userId);
                }
                return TypedResults.LocalRedirect(DashboardUrls.SignInPath);
            })
            .AllowAnonymous();
        return endpoints;
    }
}
