using System.ComponentModel.DataAnnotations;
using Dashboard.Data;
using Dashboard.Features.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;

namespace Dashboard.Features.Account;

public partial class LoginPage
{
    private string? _error;
    private string? _outage;

    [Inject] public required SignInManager<DashboardUser> SignIn { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required ILogger<LoginPage> Logger { get; init; }
    [Inject] public required PrimaryAvailability Primary { get; init; }

    [CascadingParameter] public HttpContext HttpContext { get; set; } = null!;

    [SupplyParameterFromForm] private LoginInput? Input { get; set; }

    [SupplyParameterFromQuery] private string? ReturnUrl { get; set; }

    protected override async Task OnInitializedAsync()
    {
        // Bound from the form on a post; a fresh, empty model on a plain GET.
        Input ??= new();
        ShowOutage(Primary.Current);
        if (HttpMethods.IsGet(HttpContext.Request.Method))
        {
            // A fresh sign-in page clears any half-finished external sign-in.
            await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        }
    }

    private async Task SignInAsync()
    {
        SignInResult result;
        try
        {
            result = await SignIn.PasswordSignInAsync(Input!.UserName.Trim(), Input.Password, isPersistent: false, lockoutOnFailure: true);
        }
        catch (Exception ex) when (DatabaseFaults.IsUnavailable(ex))
        {
            Logger.LogWarning("Sign-in for {UserName} not checked, the primary database is unreachable: {Reason}", Input!.UserName, DatabaseFaults.Describe(ex));
            Primary.ReportUnreachable(DatabaseFaults.Describe(ex));
            ShowOutage(Primary.Current);
            return;
        }
        if (result.Succeeded)
        {
            Logger.LogInformation("{UserName} signed in", Input.UserName);
            Navigation.NavigateTo(LocalReturnUrl(ReturnUrl), forceLoad: true);
            return;
        }
        Logger.LogWarning("Sign-in refused for {UserName}: {Reason}", Input.UserName, result.IsLockedOut ? "locked out" : "bad credentials or disabled");
        // Which part was wrong is not said: that would tell a guesser which names exist or are disabled.
        _error = result.IsLockedOut
            ? "Too many failed attempts: this account is locked for 15 minutes."
            : "Wrong user name or password, or the account is disabled.";
    }

    private void ShowOutage(PrimaryState primary) => _outage = primary.IsReachable
        ? null
        : $"The primary database is unreachable ({primary.Reason}), so nobody can sign in right now. Pages already open stay signed in; try again once it is back.";

    /// <summary>Only a path on this site: never another host (open redirect), never a protocol-relative URL.</summary>
    internal static string LocalReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";

    private sealed class LoginInput
    {
        [Required(ErrorMessage = "Enter your user name.")]
        public string UserName { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        public string Password { get; set; } = "";
    }
}
