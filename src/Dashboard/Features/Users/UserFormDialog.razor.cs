using Dashboard.Features.Auth;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Features.Users;

public enum UserFormMode
{
    Create,
    Roles,
    Password,
    Disable,
    Enable,
    SignOutEverywhere,
    ResetTwoFactor,
    TwoFactorPolicy,
}

/// <summary>What the dialog returns; the page hands it to <see cref="UserCommands"/>. The dialog itself calls no service.</summary>
public sealed record UserForm(string UserName, string Password, IReadOnlyList<string> Roles, string? Reason);

public partial class UserFormDialog
{
    private MudForm? _form;
    private string _userName = "";
    private string _password = "";
    private string? _reason;
    private HashSet<string> _roles = [];

    [CascadingParameter] public required IMudDialogInstance MudDialog { get; set; }

    [Parameter] public UserFormMode Mode { get; set; }
    [Parameter] public string UserName { get; set; } = "";
    [Parameter] public IReadOnlyList<string> InitialRoles { get; set; } = [];

    private string SubmitText => Mode switch
    {
        UserFormMode.Create => "Create",
        UserFormMode.Roles => "Save roles",
        UserFormMode.Password => "Reset password",
        UserFormMode.Disable => "Disable",
        UserFormMode.SignOutEverywhere => "Sign out everywhere",
        UserFormMode.ResetTwoFactor => "Reset second factor",
        UserFormMode.TwoFactorPolicy => "Save policy",
        _ => "Enable",
    };

    private string ReasonPrompt => Mode switch
    {
        UserFormMode.Disable => $"{UserName} will not be able to sign in, and their open pages go to the sign-in page.",
        UserFormMode.SignOutEverywhere => $"Every session of {UserName} ends, on every device; their open pages go to the sign-in page. They can sign in again.",
        UserFormMode.ResetTwoFactor => $"The authenticator and recovery codes of {UserName} stop working, and every session of theirs ends. If a role of theirs requires two-factor, they set it up again at their next sign-in.",
        _ => $"{UserName} will be able to sign in again.",
    };

    /// <summary>Modes that ask a reason for the audit trail (its field is multi-line: Enter is a new line there, not submit).</summary>
    private bool HasReason => Mode is UserFormMode.Disable or UserFormMode.Enable or UserFormMode.SignOutEverywhere or UserFormMode.ResetTwoFactor;

    protected override void OnInitialized() => _roles = [.. InitialRoles];

    private void Toggle(string role, bool on)
    {
        if (on)
        {
            _roles.Add(role);
        }
        else
        {
            _roles.Remove(role);
        }
    }

    internal static string? ValidateUserName(string value) =>
        string.IsNullOrWhiteSpace(value) ? "Enter a user name."
        : value.Trim().All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '@') ? null
        : "Use letters, digits and - . _ @ only.";

    internal static string? ValidatePassword(string value) =>
        value is null || value.Length < 12 ? "At least 12 characters."
        : value.Distinct().Count() < 4 ? "Use at least 4 different characters."
        : null;

    private async Task SubmitAsync()
    {
        if (_form is not null && Mode is UserFormMode.Create or UserFormMode.Password)
        {
            await _form.ValidateAsync();
            if (!_form.IsValid)
            {
                return;
            }
        }
        MudDialog.Close(DialogResult.Ok(new UserForm(Mode == UserFormMode.Create ? _userName.Trim() : UserName, _password, [.. _roles.Order()], _reason)));
    }

    private void Cancel() => MudDialog.Cancel();
}
