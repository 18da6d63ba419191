using Dashboard.TestSupport;
using Microsoft.Playwright;
using Npgsql;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

/// <summary>Resolution checks in Chromium: a 100-name check fills every cell; the CSV holds the whole table.</summary>
public sealed class ChecksPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task OnCall_Checks100Names_EveryCellIsAnsweredAndInTheCsv()
    {
        var names = await TunnelNamesAsync(fixture.Stack, 100);
        var page = await OpenChecksAsync(fixture, TestUsers.OnCall);

        await page.GetByTestId("check-names").FillAsync(string.Join('\n', names));
        await page.GetByTestId("check-run").ClickAsync();

        await Expect(page.GetByTestId("check-progress")).ToHaveTextAsync("300 of 300 cells");
        await Expect(page.GetByTestId("check-summary")).ToContainTextAsync("300 matches");
        await Expect(page.Locator("[data-testid=check-cell][data-outcome=pending]")).ToHaveCountAsync(0);
        // The table is virtualized: scrolled to the end, the last name's row shows every region answered.
        await page.GetByTestId("check-results").EvaluateAsync("e => e.scrollTop = e.scrollHeight");
        var last = page.Locator($"[data-testid=check-row][data-name='{names[^1]}']");
        await Expect(last.Locator("[data-testid=check-cell][data-outcome=NOERROR]")).ToHaveCountAsync(3);

        var csv = await DownloadCsvAsync(page);
        csv.Length.ShouldBe(1 + 300);
        csv.Skip(1).ShouldAllBe(line => line.Contains(",NOERROR,yes,", StringComparison.Ordinal) && line.Contains(",matches,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Abuse_OpensAShortCheckByUrl_ItRunsInEveryRegion()
    {
        var page = await fixture.NewSignedInPageAsync(TestUsers.Abuse);

        await page.GotoAsync(DashboardUrls.ChecksUrl(["pro.tunnel.test"], ["SOA"]));

        await Expect(page.GetByTestId("check-progress")).ToHaveTextAsync("3 of 3 cells");
        await Expect(page.Locator("[data-testid=check-cell][data-outcome=NOERROR]")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("check-names")).ToHaveValueAsync("pro.tunnel.test");
    }

    internal static async Task<IPage> OpenChecksAsync(BrowserFixture fixture, TestUsers.TestUser user)
    {
        var page = await fixture.NewSignedInPageAsync(user);
        await page.GotoAsync(DashboardUrls.ChecksPath);
        // A full load starts a new circuit; the page is interactive once the signed-in user's name shows.
        await Expect(page.GetByTestId("user-name")).ToHaveTextAsync(user.UserName);
        await Expect(page.GetByTestId("check-region-ap")).ToBeVisibleAsync();
        return page;
    }

    internal static async Task<string[]> DownloadCsvAsync(IPage page)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("check-csv").ClickAsync());
        download.SuggestedFilename.ShouldBe("checks.csv");
        var text = await File.ReadAllTextAsync((await download.PathAsync())!);
        return text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Names of the seeded free zone's tunnels (CNAMEs), from the primary.</summary>
    internal static async Task<string[]> TunnelNamesAsync(TestStack stack, int count)
    {
        await using var connection = new NpgsqlConnection(stack.Primary.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT name FROM records WHERE type = 'CNAME' AND NOT disabled AND name LIKE '%.free.tunnel.test' ORDER BY name LIMIT $1", connection);
        command.Parameters.AddWithValue(count);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }
        names.Count.ShouldBe(count);
        return [.. names];
    }
}

/// <summary>A region's PowerDNS stopped in the middle of a check. Stops a PowerDNS; runs alone.</summary>
[Collection(StackMutatingCollection.Name)]
public sealed class ChecksRegionOutageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task PowerDnsStoppedMidCheck_TimeoutsOnlyInItsColumn()
    {
        // 300 names × every type × 3 regions: long enough to stop a region while it runs, short enough that the cells
        // left for the stopped region (each waits out the 1 s query timeout) do not take minutes.
        var names = await ChecksPageTests.TunnelNamesAsync(fixture.Stack, 300);
        var page = await ChecksPageTests.OpenChecksAsync(fixture, TestUsers.OnCall);
        await page.GetByLabel("all of these").CheckAsync();
        await Expect(page.GetByLabel("CAA", new() { Exact = true })).ToBeCheckedAsync();
        await page.GetByTestId("check-names").FillAsync(string.Join('\n', names));

        await page.GetByTestId("check-run").ClickAsync();
        await Expect(page.GetByTestId("check-progress")).ToHaveTextAsync(new Regex(@"^[1-9]\d* of 8100 cells"));
        await fixture.Stack.RunScriptAsync("pdns-stop", "ap");
        string[] csv;
        try
        {
            await Expect(page.GetByTestId("check-progress")).ToHaveTextAsync("8100 of 8100 cells", new() { Timeout = 180_000 });
            csv = await ChecksPageTests.DownloadCsvAsync(page);
        }
        finally
        {
            await fixture.Stack.RunScriptAsync("pdns-start", "ap");
        }

        var timeouts = csv.Skip(1).Where(line => line.Split(',')[3] == "timeout").ToList();
        timeouts.ShouldNotBeEmpty("ap was stopped before the check ended");
        timeouts.ShouldAllBe(line => line.Split(',')[2] == "ap");
        await Expect(page.GetByTestId("check-summary")).ToContainTextAsync("timeout(s)");
    }
}
