using System.Diagnostics;
using Dashboard.TestSupport;
using Microsoft.Playwright;
using Npgsql;

namespace Dashboard.Benchmarks;

/// <summary>
/// How long a revoked user's open page stays open: an admin disables a user on the Users page while that user has a
/// page open, and the clock runs from the admin's submit to the user's tab showing the sign-in page. Runs with the
/// default revalidation interval (10 s), the number the README states.
/// </summary>
public sealed class SessionsBenchmark : IBenchmark
{
    private const int Runs = 5;
    private const string Password = "sessions-bench-local-password";
    private const string AdminName = "sessions-bench-admin";

    public string Name => "sessions";
    public string Description => "from an admin disabling a user to that user's open page showing sign-in (default revalidation interval)";

    public async Task<IReadOnlyList<Measurement>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var users = Enumerable.Range(1, Runs).Select(i => $"sessions-bench-{i}").ToList();
        await EnableAsync(context.Stack, users, cancellationToken);
        var environment = new Dictionary<string, string>
        {
            ["Dashboard__RevalidationInterval"] = "00:00:10",
            ["Dashboard__SeedUsers__0__UserName"] = AdminName,
            ["Dashboard__SeedUsers__0__Password"] = Password,
            ["Dashboard__SeedUsers__0__Roles__0"] = "Admin",
        };
        for (var i = 0; i < users.Count; i++)
        {
            environment[$"Dashboard__SeedUsers__{i + 1}__UserName"] = users[i];
            environment[$"Dashboard__SeedUsers__{i + 1}__Password"] = Password;
            environment[$"Dashboard__SeedUsers__{i + 1}__Roles__0"] = "OnCall";
        }
        await using var server = await DashboardServer.StartAsync(context.Stack, environment, cancellationToken);
        await using var browser = await BenchmarkBrowser.LaunchAsync(server);
        var admin = await browser.SignedInPageAsync(AdminName, Password);
        await admin.GotoAsync(DashboardUrls.UsersPath);

        var samples = new List<double>();
        foreach (var user in users)
        {
            var page = await browser.SignedInPageAsync(user, Password);
            await page.GotoAsync(DashboardUrls.RegionsPath);
            await page.WaitForSelectorAsync("[data-testid=region-us]");
            var row = admin.Locator($"tr:has([data-user='{user}'])");
            await row.GetByTestId("disable-user").ClickAsync();
            await admin.GetByTestId("reason").FillAsync("sessions benchmark");
            await admin.GetByTestId("dialog-submit").ClickAsync();
            var started = Stopwatch.GetTimestamp();
            await page.WaitForURLAsync(url => url.Contains(DashboardUrls.SignInPath, StringComparison.Ordinal), new() { Timeout = 180_000 });
            samples.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
            Console.WriteLine($"  {user}: signed out {samples[^1]:F1} s after the disable");
            await page.Context.CloseAsync();
        }
        return
        [
            new("disable_to_signin_p50", Statistics.Percentile(samples, 50), "s"),
            new("disable_to_signin_max", samples.Max(), "s", "<= 10", 10),
        ];
    }

    /// <summary>Earlier runs left the benchmark's users disabled; seeding never changes an existing user.</summary>
    private static async Task EnableAsync(TestStack stack, IReadOnlyList<string> users, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(stack.Primary.ConnectionString);
        await using var command = dataSource.CreateCommand("""UPDATE dashboard."AspNetUsers" SET is_disabled = false WHERE "UserName" = ANY($1)""");
        command.Parameters.AddWithValue(users.ToArray());
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // A fresh stack: the dashboard creates its schema at start-up, and the users with it.
        }
    }
}
