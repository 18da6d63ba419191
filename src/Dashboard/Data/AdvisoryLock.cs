using Npgsql;

namespace Dashboard.Data;

/// <summary>
/// Work that one dashboard instance at a time may do, across every instance of a deployment: a PostgreSQL session
/// advisory lock on a pooled connection of <paramref name="source"/>, waited for, held for the work and released before
/// the connection goes back to the pool. If the session breaks, the lock goes with it.
/// </summary>
internal static class AdvisoryLock
{
    public static async Task<T> RunExclusiveAsync<T>(NpgsqlDataSource source, long key, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({key})", connection))
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            return await work();
        }
        finally
        {
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({key})", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
