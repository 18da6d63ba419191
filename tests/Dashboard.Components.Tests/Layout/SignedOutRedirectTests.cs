using Bunit;
using Bunit.TestDoubles;
using Dashboard.Components.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Components.Tests.Layout;

/// <summary>
/// Issue #7: a page without a page policy (the landing page) kept rendering after its circuit's sign-in ended; the
/// layout now leaves for the sign-in page whatever page is open.
/// </summary>
public sealed class SignedOutRedirectTests : BunitContext
{
    [Fact]
    public void SignInEnds_GoesToSignInWithAFullLoad_ReturningHere()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("operator");
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/zones/pro.tunnel.test?prefix=www");
        var redirect = Render<SignedOutRedirect>();

        auth.SetAuthorized("operator");
        navigation.Uri.ShouldEndWith("/zones/pro.tunnel.test?prefix=www", Case.Sensitive, "still signed in: nothing happens");

        auth.SetNotAuthorized();

        redirect.WaitForAssertion(() => navigation.Uri.ShouldEndWith("/account/login?ReturnUrl=%2Fzones%2Fpro.tunnel.test%3Fprefix%3Dwww"));
        ((BunitNavigationManager)navigation).History.First().Options.ForceLoad.ShouldBeTrue();
    }
}
