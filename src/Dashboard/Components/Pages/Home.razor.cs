using Dashboard.Features.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Dashboard.Components.Pages;

/// <summary>
/// The landing page after sign-in. Anyone who may read zones goes straight to them (operators spend their day there);
/// a signed-in user without any role lands here, inside the console, and is told so, rather than on an access-denied
/// page whose only link leads back to it.
/// </summary>
public partial class Home
{
    private bool _noAccess;

    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required IAuthorizationService Authorization { get; init; }

    [CascadingParameter] public Task<AuthenticationState>? AuthenticationState { get; set; }

    protected override async Task OnInitializedAsync()
    {
        var user = AuthenticationState is null ? null : (await AuthenticationState).User;
        if (user is not null && (await Authorization.AuthorizeAsync(user, nameof(Permission.ReadZones))).Succeeded)
        {
            Navigation.NavigateTo(DashboardUrls.ZonesPath, replace: true);
            return;
        }
        _noAccess = true;
    }
}
