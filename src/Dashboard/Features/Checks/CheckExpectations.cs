using Dashboard.Data;
using Dashboard.Data.PowerDns;
using Dashboard.Dns;

namespace Dashboard.Features.Checks;

/// <summary>What the primary database holds for a check's names: the rows the answers are compared with.</summary>
public interface ICheckExpectations
{
    /// <summary>
    /// The primary's enabled rows at <paramref name="names"/> of <paramref name="types"/> (and CNAME), grouped by name;
    /// a name without rows maps to an empty list. An unreachable primary is <see cref="CheckRules.Expected.Unreadable"/>
    /// for every name, never an exception.
    /// </summary>
    Task<IReadOnlyDictionary<string, CheckRules.Expected>> ReadAsync(IReadOnlyList<string> names, IReadOnlyList<RecordType> types, CancellationToken cancellationToken);
}

public sealed class CheckExpectations(RegionDataSources dataSources) : ICheckExpectations
{
    public async Task<IReadOnlyDictionary<string, CheckRules.Expected>> ReadAsync(IReadOnlyList<string> names, IReadOnlyList<RecordType> types, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSources.Primary.OpenConnectionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = PowerDnsSql.EnabledRowsAt("@names", "@types");
            command.Parameters.AddWithValue("names", names.ToArray());
            command.Parameters.AddWithValue("types", types.Append(RecordType.CNAME).Select(t => t.Mnemonic()).Distinct().ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = (await StoredRecord.ReadAllAsync(reader, cancellationToken)).ToLookup(r => r.Name, StringComparer.Ordinal);
            return names.Distinct().ToDictionary(n => n, n => CheckRules.Expected.Of(rows[n]), StringComparer.Ordinal);
        }
        catch (Exception ex) when (DatabaseFaults.IsUnavailable(ex) && !cancellationToken.IsCancellationRequested)
        {
            var unreadable = CheckRules.Expected.Unreadable(DatabaseFaults.Describe(ex));
            return names.Distinct().ToDictionary(n => n, _ => unreadable, StringComparer.Ordinal);
        }
    }
}
