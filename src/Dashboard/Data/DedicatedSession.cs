using Dashboard.Configuration;
using Npgsql;

namespace Dashboard.Data;

/// <summary>
/// A data source for one long-lived session on the primary that must not be pooled: a session advisory lock lives as
/// long as its session, and LISTEN hears only on the session that ran it (a pooled connection is reset by DISCARD ALL
/// and shared).
/// </summary>
internal static class DedicatedSession
{
    public static NpgsqlDataSource Build(DashboardOptions options, string applicationName)
    {
        var builder = new NpgsqlDataSourceBuilder(options.Primary().ConnectionString);
        builder.ConnectionStringBuilder.Pooling = false;
        builder.ConnectionStringBuilder.ApplicationName = applicationName;
        builder.ConnectionStringBuilder.Timeout = RegionDataSources.WholeSeconds(options.DatabaseConnectTimeout);
        builder.ConnectionStringBuilder.CommandTimeout = 5;
        // TCP keepalives so a vanished server is noticed even when the session is idle.
        builder.ConnectionStringBuilder.TcpKeepAlive = true;
        return builder.Build();
    }
}
