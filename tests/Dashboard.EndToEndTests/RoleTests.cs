using Dashboard.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

/// <summary>
/// Each demo role signs in through the real form and sees only what it may do: its navigation, and what a page it may
/// not open says when opened by URL. One sign-in per role walks all of it (a sign-in and a circuit start are most of a
/// browser test's cost on a loaded machine); the full role x permission matrix is RoleMatrixTests' job.
/// </summary>
public sealed class RoleTests(BrowserFixture fixture)
{
    public static TheoryData<string, string[], string[], bool, bool> Roles => new()
    {
        { "Admin", ["zones", "audit", "regions", "checks", "users"], [], true, true },
        { "Operator", ["zones", "audit", "regions", "checks"], ["users"], false, true },
        { "OnCall", ["zones", "audit", "regions", "checks"], ["users"], false, true },
        { "Abuse", ["zones", "checks"], ["audit", "regions", "users", "lag", "routing"], false, false },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task SignIn_EachRole_SeesOnlyItsAreas_AndPagesItMayNotOpenSayNo(string role, string[] visible, string[] hidden, bool users, bool regions)
    {
        var page = await fixture.NewSignedInPageAsync(TestUsers.ForRole(role));
        try
        {
            await Expect(page.GetByTestId("user-roles")).ToHaveTextAsync(role);
            foreach (var area in visible)
            {
                await Expect(page.GetByTestId($"nav-{area}")).ToBeVisibleAsync();
            }
            foreach (var area in hidden)
            {
                await Expect(page.GetByTestId($"nav-{area}")).ToHaveCountAsync(0);
            }

            // Opened by URL: a page the role may not open says so and shows none of its data.
            await page.GotoAsync(DashboardUrls.UsersPath);
            await Expect(page.GetByTestId(users ? "users-table" : "access-denied")).ToBeVisibleAsync();
            await Expect(page.GetByTestId(users ? "access-denied" : "users-table")).ToHaveCountAsync(0);

            // Regions: every role that may read it may also run "Check now".
            await page.GotoAsync(DashboardUrls.RegionsPath);
            if (regions)
            {
                await Expect(page.GetByTestId($"region-{fixture.Stack.Primary.Name}")).ToBeVisibleAsync();
                await Expect(page.GetByTestId("check-now")).ToHaveCountAsync(1);
            }
            else
            {
                await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
                await Expect(page.GetByTestId($"region-{fixture.Stack.Primary.Name}")).ToHaveCountAsync(0);
                await Expect(page.GetByTestId("check-now")).ToHaveCountAsync(0);
            }
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
