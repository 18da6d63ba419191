using System.Diagnostics;
using Dashboard.Data;
using Dashboard.TestSupport;
using Npgsql;

namespace Dashboard.IntegrationTests.Tools;

/// <summary>
/// Lag drills: <c>stack.sh lag</c>, and the app's own role setting one on a replica with the grants of
/// db/004_lag_drill_grants.sql. Alone (they delay a replica's replay), and each ends its drill.
/// </summary>
[Collection(StackMutatingCollection.Name)]
public sealed class LagDrillTests(StackFixture fixture)
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(StackRegions.ReplicaNames), MemberType = typeof(StackRegions))]
    public async Task DashboardRole_OnAReplica_SetsAndResetsRecoveryMinApplyDelay(string region)
    {
        var replica = fixture.Get<RegionDataSources>().For(region);
        try
        {
            await ExecuteAsync(replica, "ALTER SYSTEM SET recovery_min_apply_delay = '300ms'");
            (await ScalarAsync(replica, "SELECT pg_reload_conf()")).ShouldBe(true);
            (await WaitForSettingAsync(replica, "300ms")).ShouldBe("300ms");
        }
        finally
        {
            await ExecuteAsync(replica, "ALTER SYSTEM RESET recovery_min_apply_delay");
            await ScalarAsync(replica, "SELECT pg_reload_conf()");
        }
        (await WaitForSettingAsync(replica, "0")).ShouldBe("0");
    }

    [Fact]
    public async Task DashboardRole_OnAReplica_MayNotSetAnyOtherParameter()
    {
        var replica = fixture.Get<RegionDataSources>().For(fixture.Stack.Replicas[0].Name);

        var error = await Should.ThrowAsync<PostgresException>(() => ExecuteAsync(replica, "ALTER SYSTEM SET work_mem = '1GB'"));

        error.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
    }

    [Fact]
    public async Task StackLag_OnAndOff_ShowsInStatus()
    {
        var replica = fixture.Stack.Replicas[^1].Name;
        try
        {
            (await fixture.Stack.RunScriptAsync("lag", replica, "500ms")).ShouldContain("recovery_min_apply_delay = 500ms");
            (await fixture.Stack.RunScriptAsync("status")).ShouldMatch($@"(?m)^{System.Text.RegularExpressions.Regex.Escape(replica)}  replica .* lag-drill=500ms");
        }
        finally
        {
            await fixture.Stack.RunScriptAsync("lag", replica, "off");
        }
        (await fixture.Stack.RunScriptAsync("status")).ShouldNotContain("lag-drill");
    }

    /// <summary>The stack's primary, one of its replicas with bad durations, and a region no stack has.</summary>
    public static TheoryData<string, string, string> BadLagArguments => new()
    {
        { TestStack.Current.Primary.Name, "1s", "is the primary" },
        { TestStack.Current.Replicas[0].Name, "1h", "bad duration" },
        { TestStack.Current.Replicas[0].Name, "5", "bad duration" },
        { "xx", "1s", "unknown region" },
    };

    [Theory]
    [MemberData(nameof(BadLagArguments))]
    public async Task StackLag_BadArguments_AreRefused(string region, string duration, string message)
    {
        var error = await Should.ThrowAsync<InvalidOperationException>(() => fixture.Stack.RunScriptAsync("lag", region, duration));

        error.Message.ShouldContain(message);
    }

    private async Task<string> WaitForSettingAsync(NpgsqlDataSource replica, string expected)
    {
        // pg_reload_conf() only signals the server; a new session sees the value once the postmaster re-read the file.
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var value = (string)(await ScalarAsync(replica, "SHOW recovery_min_apply_delay"))!;
            if (value == expected || waited.Elapsed > TimeSpan.FromSeconds(5))
            {
                return value;
            }
            await Task.Delay(50, Cancel);
        }
    }

    private async Task ExecuteAsync(NpgsqlDataSource source, string sql)
    {
        await using var command = source.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(Cancel);
    }

    private async Task<object?> ScalarAsync(NpgsqlDataSource source, string sql)
    {
        await using var command = source.CreateCommand(sql);
        return await command.ExecuteScalarAsync(Cancel);
    }
}
