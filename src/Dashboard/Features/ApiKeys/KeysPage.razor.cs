using Dashboard.Features.Api;
using Dashboard.Features.Auth;
using Dashboard.Features.Users;
using Dashboard.Features.Zones;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace Dashboard.Features.ApiKeys;

public partial class KeysPage
{
    private IReadOnlyList<ApiKeyListItem>? _keys;
    private string? _message;
    private Severity _messageSeverity;
    private bool _showEnded;

    /// <summary>Active keys (an owner's disabled ones included: they work again if the owner is enabled), or every key.</summary>
    private IEnumerable<ApiKeyListItem> Shown => _showEnded ? _keys! : _keys!.Where(k => k.State == ApiKeyState.Active);

    private int EndedCount => _keys!.Count(k => k.State != ApiKeyState.Active);

    [Inject] public required ApiKeyQueries Queries { get; init; }
    [Inject] public required ApiKeyCommands Commands { get; init; }
    [Inject] public required UserQueries Users { get; init; }
    [Inject] public required ZoneQueries Zones { get; init; }
    [Inject] public required ICurrentActor CurrentActor { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required IOptions<ApiOptions> Options { get; init; }
    [Inject] public required TimeProvider Time { get; init; }

    protected override Task OnInitializedAsync() => ReloadAsync();

    private async Task ReloadAsync() => _keys = await Queries.ListAsync(await CurrentActor.GetAsync());

    private async Task CreateAsync()
    {
        var actor = await CurrentActor.GetAsync();
        var owners = (await Users.ListAsync(actor)).Where(u => !u.IsDisabled).Select(u => new ApiKeyOwner(u.Id, u.UserName, u.Roles)).ToList();
        var zones = (await Zones.ListAsync(actor)).Select(z => z.Name).ToList();
        var form = new ApiKeyForm(Time.GetUtcNow(), Options.Value.DefaultKeyLifetime, Options.Value.MaxKeyLifetime);
        var parameters = new DialogParameters<ApiKeyDialog> { { d => d.Form, form }, { d => d.Owners, owners }, { d => d.ZoneNames, zones } };
        var dialog = await Dialogs.ShowAsync<ApiKeyDialog>("Create an API key", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is not { Canceled: false })
        {
            return;
        }
        var result = await Commands.CreateAsync(await CurrentActor.GetAsync(), form.ToRequest());
        if (result is ApiKeyResult.Created created)
        {
            (_message, _messageSeverity) = ($"Created key:{created.Name}.", Severity.Success);
            await ReloadAsync();
            var secret = new DialogParameters<ApiKeySecretDialog> { { d => d.Name, created.Name }, { d => d.Key, created.Key } };
            // The only time the key is shown: no backdrop click or Escape closes it by accident.
            await (await Dialogs.ShowAsync<ApiKeySecretDialog>("Your new API key", secret,
                new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, BackdropClick = false, CloseOnEscapeKey = false })).Result;
            return;
        }
        Report(result);
    }

    private async Task RevokeAsync(ApiKeyListItem key)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            $"Revoke key:{key.Name}?",
            $"Its next request is refused (401), whatever it is doing. This cannot be undone; the name stays taken.",
            yesText: "Revoke", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }
        Report(await Commands.RevokeAsync(await CurrentActor.GetAsync(), key.Id));
        await ReloadAsync();
    }

    private void Report(ApiKeyResult result) => (_message, _messageSeverity) = result switch
    {
        ApiKeyResult.Revoked revoked => ($"key:{revoked.Name} is revoked.", Severity.Success),
        ApiKeyResult.Invalid invalid => (string.Join(" ", invalid.Errors), Severity.Error),
        _ => (null, Severity.Normal),
    };

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm") + " UTC";

    private static string StateText(ApiKeyListItem key) => key.State switch
    {
        ApiKeyState.Active when key.OwnerDisabled => "owner disabled",
        var state => state.ToString().ToLowerInvariant(),
    };

    private static Color StateColor(ApiKeyListItem key) => key.State == ApiKeyState.Active && !key.OwnerDisabled ? Color.Success : Color.Default;
}
