using System.ComponentModel.DataAnnotations;
using Dashboard.Data;
using Dashboard.Features.Auth;
using Dashboard.Features.TwoFactor;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;

namespace Dashboard.Features.Account;

/// <summary>
/// Two-factor enrolment and management (static forms). Two kinds of visitor: a signed-in user (their session), and
/// one whose role requires two-factor and who has none yet, half-way through signing in (the half-way cookie, step
/// Enrol): they get this page and nothing else, since no session exists for them until they have enrolled. Every code
/// checked here counts in the sign-in throttle like a wrong password.
/// </summary>
public partial class TwoFactorPage
{
    private TwoFactorSetup? _setup;
    private Actor? _self;
    private bool _pending;
    private IReadOnlyList<string>? _recoveryCodes;
    private string? _message;
    private bool _messageIsError;
    private string? _outage;
    private bool _signedOut;

    [Inject] public required ActorResolver Actors { get; init; }
    [Inject] public required TwoFactorCommands Commands { get; init; }
    [Inject] public required TwoFactorSignIn TwoFactor { get; init; }
    [Inject] public required DashboardUserManager Users { get; init; }
    [Inject] public required SignInThrottle Throttle { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required PrimaryAvailability Primary { get; init; }
    [Inject] public required ILogger<TwoFactorPage> Logger { get; init; }

    [CascadingParameter] public HttpContext HttpContext { get; set; } = null!;

    [SupplyParameterFromForm(FormName = "two-factor-enable")] private CodeInput? EnableInput { get; set; }
    [SupplyParameterFromForm(FormName = "two-factor-recovery")] private CodeInput? RecoveryInput { get; set; }
    [SupplyParameterFromForm(FormName = "two-factor-disable")] private CodeInput? DisableInput { get; set; }

    [SupplyParameterFromQuery(Name = DashboardUrls.SignInQuery.ReturnUrl)] private string? ReturnUrl { get; set; }

    private string ContinueUrl => LoginPage.LocalReturnUrl(ReturnUrl);

    private string Client => PasswordSignIn.ClientKey(HttpContext.Connection.RemoteIpAddress);

    protected override async Task OnInitializedAsync()
    {
        EnableInput ??= new();
        RecoveryInput ??= new();
        DisableInput ??= new();
        try
        {
            await LoadAsync();
        }
        catch (Exception ex) when (DatabaseFaults.IsUnavailable(ex))
        {
            ReportOutage(ex);
        }
    }

    private async Task LoadAsync()
    {
        _self = await Actors.ResolveAsync(HttpContext.User, HttpContext.RequestAborted);
        if (_self is null && await TwoFactor.PendingAsync() is { Step: PendingStep.Enrol } pending)
        {
            _self = new Actor(pending.User.Id, pending.User.UserName ?? pending.User.Id, (await Users.GetRolesAsync(pending.User)).ToHashSet(StringComparer.Ordinal));
            _pending = true;
        }
        if (_self is null)
        {
            Navigation.NavigateTo(DashboardUrls.SignInUrl(DashboardUrls.TwoFactorPath), forceLoad: true);
            return;
        }
        _setup = await Commands.SetupAsync(_self, HttpContext.RequestAborted);
    }

    private Task EnableAsync() => RunAsync(EnableInput!, Commands.EnableAsync, "Two-factor sign-in is on.", endsSessions: true);

    private Task RegenerateAsync() => RunAsync(RecoveryInput!, Commands.RegenerateRecoveryCodesAsync, "New recovery codes made; the old ones no longer work.", endsSessions: false);

    private Task DisableAsync() => RunAsync(DisableInput!, Commands.DisableAsync, "Two-factor sign-in is off.", endsSessions: true);

    /// <summary>Where "Sign in again" leads after a change that ended this browser's session: the sign-in page, then back.</summary>
    private string SignInAgainUrl => DashboardUrls.SignInUrl(ContinueUrl == "/" ? null : ContinueUrl);

    /// <summary>
    /// One code-checked change, throttled like a sign-in. Turning two-factor on or off ends every session of the user,
    /// this browser's too, and this browser then signs in again (with a code from now on, or the password alone): it
    /// cannot be given a new session in the same request, since the cookie handler would write it under the ended
    /// session's key (dotnet/aspnetcore#22135), which no longer exists. Half-way through signing in (enrolment) there
    /// is no session yet, and the enrolment completes the sign-in.
    /// </summary>
    private async Task RunAsync(CodeInput input, Func<Actor, string, CancellationToken, Task<TwoFactorChange>> change, string success, bool endsSessions)
    {
        if (_self is null)
        {
            return;
        }
        if (Throttle.IsBlocked(_self.UserName, Client))
        {
            (_message, _messageIsError) = (LoginPage.ThrottledMessage, true);
            return;
        }
        TwoFactorChange result;
        try
        {
            result = await change(_self, input.Code, HttpContext.RequestAborted);
        }
        catch (Exception ex) when (DatabaseFaults.IsUnavailable(ex))
        {
            // Nothing was changed: the code was not even checked, so it does not count as a wrong one.
            ReportOutage(ex);
            return;
        }
        if (!result.Succeeded)
        {
            if (result.Error == TwoFactorCommands.WrongCodeMessage)
            {
                Throttle.RecordFailure(_self.UserName, Client);
            }
            (_message, _messageIsError) = (result.Error, true);
            return;
        }
        if (_pending)
        {
            var user = await Users.FindByIdAsync(_self.UserId) ?? throw new NotSignedInException("the account is gone");
            await TwoFactor.CompleteAsync(user, Client);
            _pending = false;
        }
        else
        {
            Throttle.RecordSuccess(_self.UserName, Client);
            if (endsSessions)
            {
                await TwoFactor.EndSessionHereAsync();
                _signedOut = true;
            }
        }
        _recoveryCodes = result.RecoveryCodes;
        (_message, _messageIsError) = (success, false);
        _setup = await Commands.SetupAsync(_self, HttpContext.RequestAborted);
    }

    /// <summary>The primary cannot be reached: the page says so in words (it was the error page) and offers no form.</summary>
    private void ReportOutage(Exception ex)
    {
        var reason = DatabaseFaults.Describe(ex);
        Logger.LogWarning("Two-factor page for {User} not served, the primary database is unreachable: {Reason}", _self?.UserName ?? HttpContext.User.Identity?.Name, reason);
        Primary.ReportUnreachable(reason);
        _outage = $"The primary database is unreachable ({reason}), so two-factor sign-in cannot be set up or changed right now. Nothing was changed; try again once it is back.";
    }

    private sealed class CodeInput
    {
        [Required(ErrorMessage = "Enter the code your app shows.")]
        public string Code { get; set; } = "";
    }
}
