using Dashboard.Features.Auth;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Layout;

public partial class MainLayout
{
    private bool _drawerOpen = true;
    private Actor? _actor;

    [Inject] public required ICurrentActor CurrentActor { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    protected override async Task OnInitializedAsync()
    {
        try
        {
            _actor = await CurrentActor.GetAsync();
        }
        catch (NotSignedInException)
        {
            // Disabled or revoked between the cookie check and now: go and sign in again.
            Navigation.NavigateTo(AuthServiceCollectionExtensions.SignInPath, forceLoad: true);
        }
    }

    private void ToggleDrawer() => _drawerOpen = !_drawerOpen;
}
