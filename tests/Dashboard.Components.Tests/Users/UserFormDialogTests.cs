using Bunit;
using Dashboard.Features.Auth;
using Dashboard.Features.Users;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Dashboard.Components.Tests.Users;

public sealed class UserFormDialogTests : DashboardTestContext
{
    private async Task<(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Dialog)> OpenAsync(DialogParameters<UserFormDialog> parameters)
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        IDialogReference? dialog = null;
        await provider.InvokeAsync(async () => dialog = await dialogs.ShowAsync<UserFormDialog>("t", parameters));
        return (provider, dialog!);
    }

    [Fact]
    public async Task TwoFactorPolicy_StartsFromTheCurrentRoles_AndReturnsTheChosenOnes()
    {
        var (provider, dialog) = await OpenAsync(new() { { d => d.Mode, UserFormMode.TwoFactorPolicy }, { d => d.InitialRoles, [Roles.Admin, Roles.Operator] } });

        provider.Markup.ShouldContain("Roles that require two-factor sign-in");
        provider.Find("input[data-testid=role-Operator]").Change(false);
        provider.Find("input[data-testid=role-OnCall]").Change(true);
        provider.Find("[data-testid=dialog-submit]").Click();

        var result = await dialog.Result;
        result.ShouldNotBeNull().Data.ShouldBeOfType<UserForm>().Roles.ShouldBe([Roles.Admin, Roles.OnCall]);
    }

    [Fact]
    public async Task ResetTwoFactor_SaysWhatHappens_AndReturnsTheReason()
    {
        var (provider, dialog) = await OpenAsync(new() { { d => d.Mode, UserFormMode.ResetTwoFactor }, { d => d.UserName, "alice" } });

        provider.Markup.ShouldContain("The authenticator and recovery codes of alice stop working");
        provider.Find("[data-testid=dialog-submit]").TextContent.ShouldBe("Reset second factor");
        provider.Find("textarea[data-testid=reason]").Input("lost phone");
        provider.Find("[data-testid=dialog-submit]").Click();

        var result = await dialog.Result;
        result.ShouldNotBeNull().Data.ShouldBeOfType<UserForm>().ShouldSatisfyAllConditions(
            f => f.UserName.ShouldBe("alice"),
            f => f.Reason.ShouldBe("lost phone"));
    }
}
