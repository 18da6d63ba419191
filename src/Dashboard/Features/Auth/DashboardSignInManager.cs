using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Auth;

/// <summary>Identity's sign-in manager, refusing disabled users however they try (password, cookie refresh).</summary>
public sealed class DashboardSignInManager(
    UserManager<DashboardUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<DashboardUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<DashboardUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<DashboardUser> confirmation)
    : SignInManager<DashboardUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(DashboardUser user) => !user.IsDisabled && await base.CanSignInAsync(user);
}
