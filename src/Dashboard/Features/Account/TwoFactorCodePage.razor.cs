using System.ComponentModel.DataAnnotations;
using System.Runtime.CompilerServices;
using Dashboard.Data;
using Dashboard.Features.Auth;
using Dashboard.Features.TwoFactor;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Features.Account;

/// <summary>
/// The second step of signing in (static form, like the sign-in page): reads the half-way cookie the password step set
/// and starts the session once the code is right. Wrong codes count in the same throttle as wrong passwords.
/// </summary>
public partial class TwoFactorCodePage
{
    public const string WrongCodeMessage = "That code is not right, or it was already used. Enter the next code your app shows.";
    public const string ExpiredMessage = "This sign-in has expired or is no longer valid. Sign in again.";

    private string? _error;
    private string? _userName;

    [Inject] public required TwoFactorSignIn TwoFactor { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required ILogger<TwoFactorCodePage> Logger { get; init; }
    [Inject] public required PrimaryAvailability Primary { get; init; }

    [CascadingParameter] public HttpContext HttpContext { get; set; } = null!;

    [SupplyParameterFromForm] private CodeInput? Input { get; set; }

    [SupplyParameterFromQuery(Name = DashboardUrls.SignInQuery.ReturnUrl)] private string? ReturnUrl { get; set; }

    protected override async Task OnInitializedAsync()
    {
        Input ??= new();
        if (await OrOutageAsync(async () => await TwoFactor.PendingAsync() is { Step: PendingStep.Code } pending ? pending.User.UserName : null) is { } name)
        {
            _userName = name.Value;
            _error = _userName is null ? ExpiredMessage : null;
        }
    }

    private async Task VerifyAsync()
    {
        var client = PasswordSignIn.ClientKey(HttpContext.Connection.RemoteIpAddress);
        if (await OrOutageAsync(() => TwoFactor.SignInWithCodeAsync(Input!.Code, client, HttpContext.RequestAborted)) is not { } result)
        {
            return;
        }
        var outcome = result.Value;
        if (outcome == SignInOutcome.SignedIn)
        {
            Logger.LogInformation("{UserName} signed in with a second factor", _userName);
            Navigation.NavigateTo(LoginPage.LocalReturnUrl(ReturnUrl), forceLoad: true);
            return;
        }
        Logger.LogWarning("Second factor refused for {UserName} from {Client}: {Outcome}", _userName, client, outcome);
        _error = outcome switch
        {
            SignInOutcome.Throttled => LoginPage.ThrottledMessage,
            SignInOutcome.Expired => ExpiredMessage,
            _ => WrongCodeMessage,
        };
        if (outcome == SignInOutcome.Expired)
        {
            _userName = null;
        }
    }

    /// <summary>The step's answer, or null (and the page says why) while the primary database cannot be reached.</summary>
    private async Task<StrongBox<T>?> OrOutageAsync<T>(Func<Task<T>> step)
    {
        try
        {
            return new StrongBox<T>(await step());
        }
        catch (Exception ex) when (DatabaseFaults.IsUnavailable(ex))
        {
            Primary.ReportUnreachable(DatabaseFaults.Describe(ex));
            Logger.LogWarning("Second factor of {UserName} not checked, the primary database is unreachable: {Reason}", _userName, DatabaseFaults.Describe(ex));
            _error = LoginPage.OutageMessage(DatabaseFaults.Describe(ex));
            return null;
        }
    }

    private sealed class CodeInput
    {
        [Required(ErrorMessage = "Enter the code from your app, or a recovery code.")]
        public string Code { get; set; } = "";
    }
}
