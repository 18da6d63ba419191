using System.ComponentModel.DataAnnotations;
using Dashboard.Data;
using Dashboard.Features.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;

namespace Dashboard.Features.Account;

public partial class LoginPage
{
    /// <summary>One answer for an unknown name, a wrong password and a disabled account: which it was is not said.</summary>
    public const string RefusedMessage = "Wrong user name or password, or the account is disabled.";

    /// <summary>The same for names that exist and names that do not, so it cannot be used to find accounts.</summary>
    public const string ThrottledMessage = "Too many failed sign-ins for this user name from your address. Wait 15 minutes, or sign in from another address.";

    public const string BusyMessage = "The server is busy signing others in. Try again in a moment.";

    private string? _error;
    private string? _outage;

    /// <summary>
    /// The user this browser is signed in as already, or null. Such a browser gets no sign-in form: a sign-in in the
    /// same request as a live session would be written into that session's row (ASP.NET Core's cookie handler renews
    /// the key it authenticated with, dotnet/aspnetcore#22135), so a second user would take over the first one's
    /// session, listed and ended as the first one's. Signing in as someone else starts with signing out.
    /// </summary>
    private string? _signedInAs;

    [Inject] public required PasswordSignIn PasswordSignIn { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required ILogger<LoginPage> Logger { get; init; }
    [Inject] public required PrimaryAvailability Primary { get; init; }

    [CascadingParameter] public HttpContext HttpContext { get; set; } = null!;

    [SupplyParameterFromForm] private LoginInput? Input { get; set; }

    [SupplyParameterFromQuery(Name = DashboardUrls.SignInQuery.ReturnUrl)] private string? ReturnUrl { get; set; }

    protected override async Task OnInitializedAsync()
    {
        // Bound from the form on a post; a fresh, empty model on a plain GET.
        Input ??= new();
        ShowOutage(Primary.Current);
        _signedInAs = HttpContext.User.Identity is { IsAuthenticated: true } signedIn ? signedIn.Name ?? "" : null;
        if (HttpMethods.IsGet(HttpContext.Request.Method))
        {
            // A fresh sign-in page clears any half-finished external sign-in.
            await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        }
    }

    private async Task SignInAsync()
    {
        if (_signedInAs is not null)
        {
            // A form loaded before this browser signed in elsewhere: the page says who is signed in instead.
            return;
        }
        var client = PasswordSignIn.ClientKey(HttpContext.Connection.RemoteIpAddress);
        SignInOutcome outcome;
        try
        {
            outcome = await PasswordSignIn.SignInAsync(Input!.UserName, Input.Password, client, HttpContext.RequestAborted);
        }
        catch (Exception ex) when (DatabaseFaults.IsUnavailable(ex))
        {
            Logger.LogWarning("Sign-in for {UserName} not checked, the primary database is unreachable: {Reason}", Input!.UserName, DatabaseFaults.Describe(ex));
            Primary.ReportUnreachable(DatabaseFaults.Describe(ex));
            ShowOutage(Primary.Current);
            return;
        }
        if (outcome == SignInOutcome.SignedIn)
        {
            Logger.LogInformation("{UserName} signed in", Input.UserName);
            Navigation.NavigateTo(LocalReturnUrl(ReturnUrl), forceLoad: true);
            return;
        }
        if (outcome is SignInOutcome.TwoFactorRequired or SignInOutcome.EnrolmentRequired)
        {
            // Password right, no session yet: the second step (a code, or enrolling first) has the half-way cookie.
            Logger.LogInformation("{UserName}: password accepted, {Outcome}", Input.UserName, outcome);
            var next = LocalReturnUrl(ReturnUrl);
            Navigation.NavigateTo(outcome == SignInOutcome.TwoFactorRequired ? DashboardUrls.SignInCodeUrl(next) : DashboardUrls.TwoFactorUrl(next), forceLoad: true);
            return;
        }
        Logger.LogWarning("Sign-in refused for {UserName} from {Client}: {Outcome}", Input.UserName, client, outcome);
        _error = outcome switch
        {
            SignInOutcome.Throttled => ThrottledMessage,
            SignInOutcome.Busy => BusyMessage,
            _ => RefusedMessage,
        };
    }

    private void ShowOutage(PrimaryState primary) => _outage = primary.IsReachable ? null : OutageMessage(primary.Reason);

    /// <summary>What every sign-in step says while the primary cannot be reached.</summary>
    internal static string OutageMessage(string? reason) =>
        $"The primary database is unreachable ({reason}), so nobody can sign in right now. Pages already open stay signed in; try again once it is back.";

    /// <summary>Only a path on this site: never another host (open redirect), never a protocol-relative URL.</summary>
    internal static string LocalReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            && !url.Any(char.IsControl)
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
