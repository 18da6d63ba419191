using Dashboard.Data;
using Npgsql;

namespace Dashboard.IntegrationTests.Auth;

/// <summary>The audit trail cannot be rewritten by the dashboard's role, nor by the schema's owner.</summary>
public sealed class AuditAppendOnlyTests(StackFixture fixture)
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AppRole_CanInsertAndRead()
    {
        var id = await InsertAsync(fixture.Get<RegionDataSources>().Primary);

        await using var read = fixture.Get<RegionDataSources>().Primary.CreateCommand("SELECT action FROM dashboard.audit_entries WHERE id = $1");
        read.Parameters.AddWithValue(id);
        (await read.ExecuteScalarAsync(Cancel)).ShouldBe("test.append-only");
    }

    [Theory]
    [InlineData("UPDATE dashboard.audit_entries SET reason = 'rewritten' WHERE id = $1")]
    [InlineData("DELETE FROM dashboard.audit_entries WHERE id = $1")]
    [InlineData("TRUNCATE dashboard.audit_entries")]
    public async Task AppRole_CannotRewrite(string sql)
    {
        var app = fixture.Get<RegionDataSources>().Primary;
        var id = await InsertAsync(app);

        var error = await Should.ThrowAsync<PostgresException>(() => ExecuteAsync(app, sql, id));

        error.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
        await AssertUnchangedAsync(id);
    }

    [Theory]
    [InlineData("UPDATE dashboard.audit_entries SET reason = 'rewritten' WHERE id = $1")]
    [InlineData("DELETE FROM dashboard.audit_entries WHERE id = $1")]
    [InlineData("TRUNCATE dashboard.audit_entries")]
    public async Task SchemaOwner_CannotRewriteEither(string sql)
    {
        var id = await InsertAsync(fixture.Get<RegionDataSources>().Primary);
        await using var owner = NpgsqlDataSource.Create(fixture.Stack.Options.Database.MigrationConnectionString);

        var error = await Should.ThrowAsync<PostgresException>(() => ExecuteAsync(owner, sql, id));

        error.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
        error.MessageText.ShouldContain("append-only");
        await AssertUnchangedAsync(id);
    }

    private async Task<long> InsertAsync(NpgsqlDataSource source)
    {
        await using var insert = source.CreateCommand(
            "INSERT INTO dashboard.audit_entries (actor_id, actor_name, action, reason) VALUES (NULL, 'system', 'test.append-only', 'original') RETURNING id");
        return (long)(await insert.ExecuteScalarAsync(Cancel))!;
    }

    private async Task ExecuteAsync(NpgsqlDataSource source, string sql, long id)
    {
        await using var command = source.CreateCommand(sql);
        if (sql.Contains("$1", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue(id);
        }
        await command.ExecuteNonQueryAsync(Cancel);
    }

    private async Task AssertUnchangedAsync(long id)
    {
        await using var read = fixture.Get<RegionDataSources>().Primary.CreateCommand("SELECT reason FROM dashboard.audit_entries WHERE id = $1");
        read.Parameters.AddWithValue(id);
        (await read.ExecuteScalarAsync(Cancel)).ShouldBe("original");
    }
}
