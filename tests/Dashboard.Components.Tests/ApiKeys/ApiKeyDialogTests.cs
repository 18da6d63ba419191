using Bunit;
using Dashboard.Features.ApiKeys;
using Dashboard.Features.Auth;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Dashboard.Components.Tests.ApiKeys;

public sealed class ApiKeyDialogTests : DashboardTestContext
{
    private static readonly ApiKeyOwner Abuse = new("a", "abuse", [Roles.Abuse]);
    private readonly ApiKeyForm _form = new(DateTimeOffset.UtcNow, TimeSpan.FromDays(90), TimeSpan.FromDays(365));

    private async Task<(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Dialog)> OpenAsync()
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        var parameters = new DialogParameters<ApiKeyDialog>
        {
            { d => d.Form, _form },
            { d => d.Owners, [Abuse, new ApiKeyOwner("o", "operator", [Roles.Operator])] },
            { d => d.ZoneNames, ["free.tunnel.test", "pro.tunnel.test"] },
        };
        var dialog = await provider.InvokeAsync(() => dialogs.ShowAsync<ApiKeyDialog>("Create an API key", parameters));
        return (provider, dialog);
    }

    [Fact]
    public async Task Permissions_OwnerIsAbuse_OffersOnlyWhatAbuseMayDo()
    {
        _form.SetOwner(Abuse);

        var (provider, _) = await OpenAsync();

        var offered = provider.FindAll("[data-testid^=key-permission-]").Select(e => e.GetAttribute("data-testid")).ToList();
        offered.ShouldBe(["key-permission-ReadZones", "key-permission-RunChecks", "key-permission-Takedown"], ignoreOrder: true);
    }

    [Fact]
    public async Task Submit_Incomplete_StaysOpenAndSaysWhatIsMissing()
    {
        var (provider, dialog) = await OpenAsync();

        await provider.InvokeAsync(() => provider.Find("[data-testid=dialog-submit]").Click());

        provider.FindAll("[data-testid=key-problem]").Select(p => p.TextContent).ShouldContain(t => t.Contains("owner"));
        dialog.Result.IsCompleted.ShouldBeFalse();
    }

    [Fact]
    public async Task Submit_Complete_ClosesWithTheForm()
    {
        _form.SetOwner(Abuse);
        _form.Toggle(Permission.Takedown, true);
        _form.Name = "abuse-intake";
        var (provider, dialog) = await OpenAsync();

        await provider.InvokeAsync(() => provider.Find("[data-testid=dialog-submit]").Click());

        var result = await dialog.Result;
        result!.Canceled.ShouldBeFalse();
        result.Data.ShouldBeSameAs(_form);
        _form.ToRequest().Permissions.ShouldBe([Permission.Takedown]);
    }
}
