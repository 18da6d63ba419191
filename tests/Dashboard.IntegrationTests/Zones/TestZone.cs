using Dashboard.Data;
using Npgsql;

namespace Dashboard.IntegrationTests.Zones;

/// <summary>A throwaway zone with a unique name, written straight into PowerDNS's tables; disposing deletes it.</summary>
internal sealed class TestZone : IAsyncDisposable
{
    private readonly NpgsqlDataSource _primary;

    private TestZone(NpgsqlDataSource primary, string name, int id)
    {
        _primary = primary;
        Name = name;
        Id = id;
    }

    public string Name { get; }
    public int Id { get; }

    public static async Task<TestZone> CreateAsync(StackFixture fixture, string? tier, int soaTtl = 60, int soaMinimum = 10)
    {
        var primary = fixture.Get<RegionDataSources>().Primary;
        var name = $"it-{Guid.NewGuid():N}"[..15] + ".test";
        await using var command = primary.CreateCommand("INSERT INTO domains (name, type) VALUES ($1, 'NATIVE') RETURNING id");
        command.Parameters.AddWithValue(name);
        var zone = new TestZone(primary, name, (int)(await command.ExecuteScalarAsync())!);
        await zone.AddAsync(name, "SOA", $"ns1.tunnel.test hostmaster.tunnel.test 2026010107 10800 3600 604800 {soaMinimum}", soaTtl);
        if (tier is not null)
        {
            await using var assign = primary.CreateCommand("INSERT INTO dashboard.zone_tiers (zone_name, tier) VALUES ($1, $2)");
            assign.Parameters.AddWithValue(name);
            assign.Parameters.AddWithValue(tier);
            await assign.ExecuteNonQueryAsync();
        }
        return zone;
    }

    /// <summary>Adds a row; <paramref name="name"/> is relative to the zone unless it ends with it. Returns the row id.</summary>
    public async Task<long> AddAsync(string name, string type, string content, int ttl = 30, int? prio = null, bool disabled = false)
    {
        var owner = name == Name || name.EndsWith("." + Name, StringComparison.Ordinal) ? name : $"{name}.{Name}";
        await using var command = _primary.CreateCommand(
            "INSERT INTO records (domain_id, name, type, content, ttl, prio, disabled, auth) VALUES ($1, $2, $3, $4, $5, $6, $7, true) RETURNING id");
        command.Parameters.AddWithValue(Id);
        command.Parameters.AddWithValue(owner);
        command.Parameters.AddWithValue(type);
        command.Parameters.AddWithValue(content);
        command.Parameters.AddWithValue(ttl);
        command.Parameters.AddWithValue(prio is { } p ? p : DBNull.Value);
        command.Parameters.AddWithValue(disabled);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string sql, params object[] values)
    {
        await using var command = _primary.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.AddWithValue(value);
        }
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await ExecuteAsync("DELETE FROM records WHERE domain_id = $1", Id);
        await ExecuteAsync("DELETE FROM domains WHERE id = $1", Id);
        await ExecuteAsync("DELETE FROM dashboard.zone_tiers WHERE zone_name = $1", Name);
    }
}
