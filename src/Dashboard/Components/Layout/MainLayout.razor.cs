using Dashboard.Data;
using Dashboard.Features.Auth;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Dashboard.Components.Layout;

public partial class MainLayout
{
    private bool _drawerOpen = true;
    private Actor? _actor;
    private ErrorBoundary? _errorBoundary;

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
            Navigation.NavigateTo(DashboardUrls.SignInPath, forceLoad: true);
        }
        catch (PrimaryUnavailableException)
        {
            // Cannot check now: the outage banner says so, and the circuit's periodic check decides later.
        }
    }

    // Navigating to another page leaves a failed one behind.
    protected override void OnParametersSet() => _errorBoundary?.Recover();

    // ErrorBoundary has logged the exception already (IErrorBoundaryLogger).
    private static string DescribePageError(Exception error)
    {
        if (DatabaseFaults.IsUnavailable(error))
        {
            return $"This page could not load: the primary database is unreachable ({DatabaseFaults.Describe(error)}). Nothing was changed. Reload it once the database is back.";
        }
        return $"This page failed ({error.GetType().Name}: {error.Message}). Nothing further was done; reload the page to try again.";
    }

    private void ToggleDrawer() => _drawerOpen = !_drawerOpen;
}
