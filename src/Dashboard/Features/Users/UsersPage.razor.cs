using Dashboard.Features.Auth;
using Dashboard.Features.TwoFactor;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Features.Users;

public partial class UsersPage
{
    private IReadOnlyList<UserRow> _users = [];
    private TwoFactorPolicyState? _policy;
    private string? _message;
    private Severity _messageSeverity;

    [Inject] public required UserQueries Queries { get; init; }
    [Inject] public required UserCommands Commands { get; init; }
    [Inject] public required TwoFactorPolicy TwoFactorPolicy { get; init; }
    [Inject] public required ICurrentActor CurrentActor { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }

    protected override Task OnInitializedAsync() => ReloadAsync();

    private string PolicyText => _policy is null ? ""
        : $"Two-factor sign-in required for: {(_policy.RequiredRoles.Count == 0 ? "no role" : string.Join(", ", _policy.RequiredRoles))}"
          + (_policy.IsDefault ? " (the configured default)." : $" (set by {_policy.ChangedBy}, {_policy.ChangedAt:yyyy-MM-dd HH:mm} UTC).");

    private async Task ReloadAsync()
    {
        var actor = await CurrentActor.GetAsync();
        _users = await Queries.ListAsync(actor);
        _policy = await Queries.TwoFactorPolicyAsync(actor);
    }

    private async Task EditTwoFactorPolicyAsync()
    {
        var parameters = new DialogParameters<UserFormDialog> { { d => d.Mode, UserFormMode.TwoFactorPolicy }, { d => d.InitialRoles, _policy?.RequiredRoles ?? [] } };
        if (await ShowAsync<UserFormDialog, UserForm>("Two-factor policy", parameters) is not { } form)
        {
            return;
        }
        await RunAsync(actor => TwoFactorPolicy.SetAsync(actor, form.Roles),
            $"Two-factor sign-in is required for: {(form.Roles.Count == 0 ? "no role" : string.Join(", ", form.Roles))}.");
    }

    private async Task ResetTwoFactorAsync(UserRow user)
    {
        var parameters = new DialogParameters<UserFormDialog> { { d => d.Mode, UserFormMode.ResetTwoFactor }, { d => d.UserName, user.UserName } };
        if (await ShowAsync<UserFormDialog, UserForm>($"Reset the second factor of {user.UserName}", parameters) is not { } form)
        {
            return;
        }
        await RunAsync(actor => Commands.ResetTwoFactorAsync(actor, user.Id, form.Reason), $"Second factor of {user.UserName} reset; they are signed out everywhere.");
    }

    private async Task CreateAsync()
    {
        if (await ShowAsync<UserFormDialog, UserForm>("Create user", new DialogParameters<UserFormDialog> { { d => d.Mode, UserFormMode.Create } }) is not { } form)
        {
            return;
        }
        await RunAsync(actor => Commands.CreateAsync(actor, form.UserName, form.Password, form.Roles), $"Created {form.UserName}.");
    }

    private async Task EditRolesAsync(UserRow user)
    {
        var parameters = new DialogParameters<UserFormDialog> { { d => d.Mode, UserFormMode.Roles }, { d => d.UserName, user.UserName }, { d => d.InitialRoles, user.Roles } };
        if (await ShowAsync<UserFormDialog, UserForm>($"Roles of {user.UserName}", parameters) is not { } form)
        {
            return;
        }
        await RunAsync(actor => Commands.SetRolesAsync(actor, user.Id, form.Roles), $"Roles of {user.UserName} set; they sign in again to use them.");
    }

    private async Task ResetPasswordAsync(UserRow user)
    {
        var parameters = new DialogParameters<UserFormDialog> { { d => d.Mode, UserFormMode.Password }, { d => d.UserName, user.UserName } };
        if (await ShowAsync<UserFormDialog, UserForm>($"Reset the password of {user.UserName}", parameters) is not { } form)
        {
            return;
        }
        await RunAsync(actor => Commands.ResetPasswordAsync(actor, user.Id, form.Password), $"Password of {user.UserName} reset; their other sessions are signed out.");
    }

    private async Task SetDisabledAsync(UserRow user, bool disable)
    {
        var parameters = new DialogParameters<UserFormDialog> { { d => d.Mode, disable ? UserFormMode.Disable : UserFormMode.Enable }, { d => d.UserName, user.UserName } };
        if (await ShowAsync<UserFormDialog, UserForm>(disable ? $"Disable {user.UserName}" : $"Enable {user.UserName}", parameters) is not { } form)
        {
            return;
        }
        await RunAsync(
            actor => disable ? Commands.DisableAsync(actor, user.Id, form.Reason) : Commands.EnableAsync(actor, user.Id, form.Reason),
            disable ? $"{user.UserName} is disabled; their open sessions stop working." : $"{user.UserName} is enabled.");
    }

    private async Task SignOutEverywhereAsync(UserRow user)
    {
        var parameters = new DialogParameters<UserFormDialog> { { d => d.Mode, UserFormMode.SignOutEverywhere }, { d => d.UserName, user.UserName } };
        if (await ShowAsync<UserFormDialog, UserForm>($"Sign out {user.UserName} everywhere", parameters) is not { } form)
        {
            return;
        }
        await RunAsync(actor => Commands.SignOutEverywhereAsync(actor, user.Id, form.Reason), $"{user.UserName} is signed out everywhere; their open pages go to the sign-in page.");
    }

    private async Task<TResult?> ShowAsync<TDialog, TResult>(string title, DialogParameters<TDialog> parameters) where TDialog : IComponent where TResult : class
    {
        var dialog = await Dialogs.ShowAsync<TDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        return result is { Canceled: false, Data: TResult data } ? data : null;
    }

    private async Task RunAsync(Func<Actor, Task<UserCommandResult>> command, string success)
    {
        var result = await command(await CurrentActor.GetAsync());
        (_message, _messageSeverity) = result.Succeeded ? (success, Severity.Success) : (string.Join(" ", result.Errors), Severity.Error);
        await ReloadAsync();
    }
}
