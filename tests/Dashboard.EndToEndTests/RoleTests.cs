using Dashboard.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

/// <summary>Each demo role signs in through the real form and sees only what it may do.</summary>
public sealed class RoleTests(BrowserFixture fixture)
{
    public static TheoryData<string, string[], string[]> Navigation => new()
    {
        { "Admin", ["zones", "audit", "regions", "checks", "users"], [] },
        { "Operator", ["zones", "audit", "regions", "checks"], ["users"] },
        { "OnCall", ["zones", "audit", "regions", "checks"], ["users"] },
        { "Abuse", ["zones", "checks"], ["audit", "regions", "users", "lag", "routing"] },
    };

    [Theory]
    [MemberData(nameof(Navigation))]
    public async Task SignIn_EachRole_SeesOnlyItsAreas(string role, string[] visible, string[] hidden)
    {
        var user = TestUsers.ForRole(role);
        var page = await fixture.NewSignedInPageAsync(user);

        await Expect(page.GetByTestId("user-roles")).ToHaveTextAsync(role);
        foreach (var area in visible)
        {
            await Expect(page.GetByTestId($"nav-{area}")).ToBeVisibleAsync();
        }
        foreach (var area in hidden)
        {
            await Expect(page.GetByTestId($"nav-{area}")).ToHaveCountAsync(0);
        }
    }

    [Fact]
    public async Task Abuse_OpensRegionsByUrl_IsToldNoNotShownTheData()
    {
        var page = await fixture.NewSignedInPageAsync(TestUsers.Abuse);

        await page.GotoAsync(DashboardUrls.RegionsPath);

        await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("region-us")).ToHaveCountAsync(0);
    }

    [Theory]
    [InlineData("Operator")]
    [InlineData("OnCall")]
    [InlineData("Abuse")]
    public async Task NonAdmin_OpensUsersByUrl_IsRefused(string role)
    {
        var page = await fixture.NewSignedInPageAsync(TestUsers.ForRole(role));

        await page.GotoAsync(DashboardUrls.UsersPath);

        await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("users-table")).ToHaveCountAsync(0);
    }

    [Theory]
    [InlineData("OnCall", true)]
    [InlineData("Operator", true)]
    [InlineData("Admin", true)]
    public async Task Regions_CheckNow_ShownToRolesThatMayRunChecks(string role, bool shown)
    {
        var page = await fixture.NewSignedInPageAsync(TestUsers.ForRole(role));

        await page.GotoAsync(DashboardUrls.RegionsPath);

        await Expect(page.GetByTestId("region-us")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("check-now")).ToHaveCountAsync(shown ? 1 : 0);
    }
}
