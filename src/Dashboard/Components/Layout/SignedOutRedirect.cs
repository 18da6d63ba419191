using Dashboard.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Dashboard.Components.Layout;

/// <summary>
/// In the layout of every console page: when the circuit's sign-in ends (revoked, signed out elsewhere, unchecked too
/// long), the browser goes to the sign-in page, whatever page is open. The router's page policies cannot do it alone:
/// a page without one (the landing page, not-found) kept rendering for an anonymous circuit. Renders nothing.
/// </summary>
public sealed class SignedOutRedirect : ComponentBase, IDisposable
{
    private bool _leaving;

    [Inject] public required AuthenticationStateProvider Authentication { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    protected override void OnInitialized() => Authentication.AuthenticationStateChanged += OnChanged;

    private void OnChanged(Task<AuthenticationState> state) => _ = InvokeAsync(async () =>
    {
        if (_leaving || (await state).User.Identity?.IsAuthenticated == true)
        {
            return;
        }
        _leaving = true;
        Navigation.NavigateTo(RedirectToLogin.SignInUrl(Navigation), forceLoad: true);
    });

    public void Dispose() => Authentication.AuthenticationStateChanged -= OnChanged;
}
